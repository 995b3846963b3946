package io.thingcore.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the benchmark's set-up and one measured call per case, so that a change to the broker that breaks the
 * benchmark fails the build rather than the next benchmark run. Measures nothing.
 */
class PacketSizeBenchmarkTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void countsTheSizeOfTheMessagesPublish(boolean perMessage) {
        PacketSizeBenchmark benchmark = new PacketSizeBenchmark();
        benchmark.perMessage = perMessage;
        benchmark.properties = "none";
        benchmark.message();
        // 1 type byte, 2 for the remaining length 156 = 2 + 23 topic + 2 packet identifier + 1 property length + 128.
        assertThat(benchmark.packetBytes()).isEqualTo(1 + 2 + 156);

        benchmark.properties = "requestResponse";
        benchmark.message();
        // Properties: content type 1 + 2 + 16, response topic 1 + 2 + 18, correlation data 1 + 2 + 16, user
        // properties 1 + 2 + 6 + 2 + 10 and 1 + 2 + 4 + 2 + 9: 98 bytes, its length one more.
        assertThat(benchmark.packetBytes()).isEqualTo(1 + 2 + 155 + 1 + 98);
        assertThat(benchmark.packetBytes())
                .as("counted again from the kept lengths")
                .isEqualTo(1 + 2 + 155 + 1 + 98);
    }
}
