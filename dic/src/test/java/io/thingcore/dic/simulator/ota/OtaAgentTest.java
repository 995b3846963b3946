package io.thingcore.dic.simulator.ota;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The OTA agent's messages, against shapes written from aws/ota-for-aws-iot-embedded-sdk v3.4.0 {@code ota_mqtt.c}
 * (topics, QoS, client token, status) and {@code ota_cbor.c} / {@code ota_cbor_private.h} (CBOR keys c, f, l, o, b, n
 * and f, i, l, p), played by a scripted Jobs and Streams service.
 */
class OtaAgentTest {
    private final List<String> operations = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();

    private final OtaAgent.Transport transport = new OtaAgent.Transport() {
        @Override
        public CompletableFuture<?> subscribe(String topic, MqttQoS qos) {
            operations.add("SUBSCRIBE " + topic + " " + qos.value());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<?> publish(String topic, byte[] payload, MqttQoS qos) {
            operations.add("PUBLISH " + topic + " " + qos.value());
            payloads.add(payload);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void log(String line) {}
    };

    @Test
    void requestsTheNextJobAfterSubscribingToNotifyNext() {
        OtaAgent agent = new OtaAgent("DIC_2", transport, OtaAgent.Settings.firmware());
        agent.requestJob();
        assertThat(operations)
                .containsExactly(
                        "SUBSCRIBE $aws/things/DIC_2/jobs/notify-next 1", "PUBLISH $aws/things/DIC_2/jobs/$next/get 1");
        assertThat(new String(payloads.getFirst(), StandardCharsets.UTF_8)).isEqualTo("{\"clientToken\":\"0:DIC_2\"}");
        agent.requestJob();
        assertThat(new String(payloads.getLast(), StandardCharsets.UTF_8)).isEqualTo("{\"clientToken\":\"1:DIC_2\"}");
    }

    @Test
    void theStreamRequestIsTheLibrarysCborMap() {
        // {"c":"rdy","f":7,"l":1024,"o":0,"b":h'07',"n":1}
        assertThat(HexFormat.of().formatHex(OtaAgent.streamRequest(7, OtaAgent.initialBitmap(3))))
                .isEqualTo("a6" + "6163" + "63726479" + "6166" + "07" + "616c" + "190400" + "616f" + "00" + "6162"
                        + "4107" + "616e" + "01");
        assertThat(OtaAgent.initialBitmap(8)).containsExactly(0xFF);
        assertThat(OtaAgent.initialBitmap(9)).containsExactly(0xFF, 0x01);
    }

    @Test
    void downloadsAFileBlockByBlockAndReportsProgress() {
        OtaAgent agent = new OtaAgent("DIC_2", transport, OtaAgent.Settings.firmware());
        agent.requestJob();
        String job = "{\"clientToken\":\"0:DIC_2\",\"execution\":{\"jobId\":\"AFR_OTA-job1\",\"jobDocument\":{"
                + "\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"s1\",\"files\":[{\"filepath\":\"app.gbl\","
                + "\"filesize\":2500,\"fileid\":0,\"sig-sha256-ecdsa\":\"eA==\"}]}}}}";
        agent.onMessage("$aws/things/DIC_2/jobs/$next/get/accepted", job.getBytes(StandardCharsets.UTF_8));
        assertThat(operations.subList(2, operations.size()))
                .containsExactly(
                        "SUBSCRIBE $aws/things/DIC_2/streams/s1/data/cbor 0",
                        "PUBLISH $aws/things/DIC_2/streams/s1/get/cbor 0");
        assertThat(Cbor.decodeMap(payloads.getLast()).get("b")).isEqualTo(new byte[] {0x07});

        byte[] file = new byte[2500];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) i;
        }
        for (int block = 0; block < 3; block++) {
            int size = Math.min(1024, file.length - block * 1024);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("f", 0);
            data.put("i", block);
            data.put("l", size);
            data.put("p", java.util.Arrays.copyOfRange(file, block * 1024, block * 1024 + size));
            agent.onMessage("$aws/things/DIC_2/streams/s1/data/cbor", Cbor.encodeMap(data));
        }
        assertThat(agent.image()).isEqualTo(file);
        assertThat(operations.subList(4, operations.size()))
                .containsExactly(
                        "PUBLISH $aws/things/DIC_2/jobs/AFR_OTA-job1/update 0",
                        "PUBLISH $aws/things/DIC_2/streams/s1/get/cbor 0",
                        "PUBLISH $aws/things/DIC_2/streams/s1/get/cbor 0",
                        // No certificate: the DIC firmware's pal.c checks nothing; self_test "ready", "reboot".
                        "PUBLISH $aws/things/DIC_2/jobs/AFR_OTA-job1/update 1",
                        "SUBSCRIBE $aws/things/DIC_2/jobs/notify-next 1",
                        "PUBLISH $aws/things/DIC_2/jobs/$next/get 1");
        assertThat(new String(payloads.get(2), StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"1/3\"}}");
        assertThat(Cbor.decodeMap(payloads.get(4)).get("b")).isEqualTo(new byte[] {0x04});
    }

    @Test
    void aMessageWithoutAnExecutionIsNoJob() {
        assertThat(OtaAgent.parseJob("{\"clientToken\":\"0:DIC_2\"}".getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }
}
