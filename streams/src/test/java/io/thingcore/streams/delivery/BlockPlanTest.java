package io.thingcore.streams.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Block selection and request decoding, one row per case of "Using AWS IoT MQTT-based file delivery in devices"
 * ("GetStream request", "Build a bitmap for a GetStream request", error codes).
 */
class BlockPlanTest {
    static final long FILE = 10_000; // 40 blocks of 256 bytes, the last one 16 bytes

    static int[] plan(String json, long fileSize) {
        GetStreamRequest r = RequestDecoder.decode(Format.JSON, json.getBytes(StandardCharsets.UTF_8));
        return BlockPlan.blocks(r, BlockPlan.checkBounds(r), fileSize);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"f":0,"l":256,"o":0,"n":3}                      | 0 1 2
            {"f":0,"l":256,"o":38,"n":5}                     | 38 39
            {"f":0,"l":256}                                  | 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39
            {"f":0,"l":256,"n":0,"o":39}                     | 39
            {"f":0,"l":4096,"n":100}                         | 0 1 2
            {"f":0,"l":256,"o":20,"n":32,"b":"0x130080"}     | 20 21 24 43
            {"f":0,"l":256,"o":0,"n":2,"b":"0x130080"}       | 0 1
            {"f":0,"l":256,"o":0,"b":"130080"}               | 0 1 4 23
            {"f":0,"l":256,"o":0,"b":"0x1"}                  | 0
            {"f":0,"l":256,"o":36,"b":"0xff"}                | 36 37 38 39
            """)
    void selectsTheBlocks(String request, String expected) {
        long size = request.contains("\"o\":20") ? 100_000 : FILE;
        int[] ids = plan(request, size);
        assertThat(ids)
                .containsExactly(java.util.Arrays.stream(expected.trim().split(" "))
                        .mapToInt(Integer::parseInt)
                        .toArray());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"f":0,"l":255}                                   | BlockSizeOutOfBounds
            {"f":0,"l":131073}                                | BlockSizeOutOfBounds
            {"f":0}                                           | InvalidRequest
            {"f":0,"l":256,"o":98305}                         | OffsetOutOfBounds
            {"f":0,"l":256,"o":40}                            | OffsetOutOfBounds
            {"f":0,"l":256,"n":98305}                         | BlockCountLimitExceeded
            {"f":0,"l":256,"b":"0x00"}                        | ResourceNotFound
            {"f":0,"l":256,"o":39,"b":"0xfe"}                 | ResourceNotFound
            {"f":0,"l":256,"b":"0xzz"}                        | InvalidRequest
            {"f":-1,"l":256}                                  | InvalidRequest
            {"f":"0","l":256}                                 | InvalidRequest
            {"f":0,"l":256.5}                                 | InvalidRequest
            {"c":7,"f":0,"l":256}                             | InvalidRequest
            [1,2]                                             | InvalidJson
            {"f":0,"l":256                                    | InvalidJson
            {"f":0,"l":256} trailing                          | InvalidJson
            """)
    void refusesWithAwsCodes(String request, DeliveryError code) {
        assertThatThrownBy(() -> plan(request, FILE))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.code).isEqualTo(code));
    }

    @org.junit.jupiter.api.Test
    void bitmapOf12288Bytes_isTooLarge_oneByteLessIsNot() {
        String ok = "{\"f\":0,\"l\":256,\"b\":\"" + "01".repeat(12_287) + "\"}";
        assertThat(plan(ok, 100_000)).startsWith(0, 8, 16);
        String tooLarge = "{\"f\":0,\"l\":256,\"b\":\"" + "01".repeat(12_288) + "\"}";
        assertThatThrownBy(() -> plan(tooLarge, 100_000))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code).isEqualTo(DeliveryError.BlockBitmapLimitExceeded));
    }

    @org.junit.jupiter.api.Test
    void topicLevels() {
        assertThat(StreamTopic.isRequest("s1/get/cbor")).isTrue();
        assertThat(StreamTopic.isRequest("s1/describe/json")).isTrue();
        assertThat(StreamTopic.isRequest("s1/get/xml"))
                .as("answered InvalidTopic")
                .isTrue();
        assertThat(StreamTopic.parse("s1/get/xml").valid()).isFalse();
        assertThat(StreamTopic.parse("s.1/get/json").valid()).isFalse();
        for (String reply : new String[] {
            "s1/data/cbor",
            "s1/description/json",
            "s1/rejected/json",
            "s1/get",
            "s1/get/cbor/x",
            "/get/cbor",
            "s1/get/",
            "s1"
        }) {
            assertThat(StreamTopic.isRequest(reply)).as(reply).isFalse();
        }
    }
}
