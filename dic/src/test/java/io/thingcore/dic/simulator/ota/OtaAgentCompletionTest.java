package io.thingcore.dic.simulator.ota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The end of an update as the OTA library v3.4.0 reports it (aws/ota-for-aws-iot-embedded-sdk {@code ota.c}
 * {@code processDataHandler}, {@code handleSelfTestJobDoc}, {@code updateJobStatusFromImageState}; {@code ota_mqtt.c}
 * {@code prvBuildStatusMessageSelfTest} and {@code prvBuildStatusMessageFinish}), its resumption after a reconnection
 * ({@code OTA_Resume}, {@code verifyActiveJobStatus}), and the JSON stream form, played by a scripted Jobs and Streams
 * service.
 */
class OtaAgentCompletionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "$aws/things/DIC_2";
    private static final int FILE_SIZE = 5 * 1024 + 100;

    private final List<String> operations = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private final byte[] file = new byte[FILE_SIZE];
    private final KeyPair signerKeys = Keys.generate(KeyAlgorithm.EC_P256);
    private final X509Certificate signer = CertificateAuthority.selfSigned(
                    signerKeys,
                    "CN=code signer",
                    Instant.parse("2026-12-01T00:00:00Z"),
                    Instant.parse("2026-12-01T00:00:00Z").plus(Duration.ofDays(365)))
            .certificate();

    private final OtaAgent.Transport transport = new OtaAgent.Transport() {
        @Override
        public CompletableFuture<?> subscribe(String topic, MqttQoS qos) {
            operations.add("SUBSCRIBE " + topic + " " + qos.value());
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<?> publish(String topic, byte[] payload, MqttQoS qos) {
            operations.add("PUBLISH " + topic + " " + qos.value());
            topics.add(topic);
            payloads.add(payload);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void log(String line) {}
    };

    OtaAgentCompletionTest() {
        new Random(7).nextBytes(file);
    }

    @Test
    void aVerifiedFirmwareImageGoesThroughSelfTestToSucceeded() throws Exception {
        OtaAgent agent = agent(StreamFormat.CBOR);
        agent.requestJob();
        agent.onMessage(BASE + "/jobs/$next/get/accepted", jobDocument(sign(file), ""));
        serveAll(agent, StreamFormat.CBOR);

        assertThat(statuses())
                .containsSubsequence(
                        "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"1/6\"}}",
                        "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\",\"updatedBy\":\"0x00090002\"}}");
        assertThat(agent.phase()).isEqualTo(OtaAgent.Phase.PENDING_COMMIT);
        // The "rebooted" image asks for its job again.
        assertThat(operations.getLast()).isEqualTo("PUBLISH " + BASE + "/jobs/$next/get 1");

        agent.onMessage(
                BASE + "/jobs/$next/get/accepted",
                jobDocument(sign(file), ",\"statusDetails\":{\"self_test\":\"ready\",\"updatedBy\":\"0x00090002\"}"));
        assertThat(statuses())
                .endsWith(
                        "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"active\",\"updatedBy\":\"0x00090003\"}}",
                        "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"reason\":\"accepted  v0.9.3\",\"updatedBy\":\"  v0.9.2\"}}");
        assertThat(operations.getLast()).isEqualTo("PUBLISH " + BASE + "/jobs/AFR_OTA-job1/update 1");
        assertThat(agent.phase()).isEqualTo(OtaAgent.Phase.DONE);
        assertThat(agent.image()).isEqualTo(file);
    }

    @Test
    void aBadSignatureFailsWithTheSignatureCheckCode() throws Exception {
        byte[] tampered = file.clone();
        tampered[0] ^= 1;
        OtaAgent agent = agent(StreamFormat.CBOR);
        agent.requestJob();
        agent.onMessage(BASE + "/jobs/$next/get/accepted", jobDocument(sign(tampered), ""));
        serveAll(agent, StreamFormat.CBOR);

        assertThat(statuses().getLast())
                .isEqualTo("{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"0x000000e3: 0x00000000\"}}");
        assertThat(operations.getLast()).isEqualTo("PUBLISH " + BASE + "/jobs/AFR_OTA-job1/update 1");
        assertThat(agent.phase()).isEqualTo(OtaAgent.Phase.DONE);
    }

    @Test
    void aSelfTestJobWithoutAnImagePendingCommitIsRejected() throws Exception {
        OtaAgent agent = agent(StreamFormat.CBOR);
        agent.requestJob();
        agent.onMessage(
                BASE + "/jobs/$next/get/accepted",
                jobDocument(sign(file), ",\"statusDetails\":{\"self_test\":\"ready\",\"updatedBy\":\"0x00090001\"}"));
        assertThat(statuses())
                .containsExactly("{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"rejected: 0x00000011\"}}");
    }

    @Test
    void afterAReconnectionOnlyTheMissingBlocksAreRequested() throws Exception {
        OtaAgent agent = agent(StreamFormat.CBOR);
        agent.requestJob();
        byte[] document = jobDocument(sign(file), "");
        agent.onMessage(BASE + "/jobs/$next/get/accepted", document);
        for (int block = 0; block < 3; block++) {
            agent.onMessage(BASE + "/streams/s1/data/cbor", block(StreamFormat.CBOR, block));
        }
        operations.clear();

        agent.resume();
        assertThat(operations)
                .containsExactly("SUBSCRIBE " + BASE + "/jobs/notify-next 1", "PUBLISH " + BASE + "/jobs/$next/get 1");
        assertThat(new String(payloads.getLast(), StandardCharsets.UTF_8)).isEqualTo("{\"clientToken\":\"1:DIC_2\"}");
        agent.onMessage(BASE + "/jobs/$next/get/accepted", document);
        assertThat(operations.subList(2, operations.size()))
                .containsExactly(
                        "SUBSCRIBE " + BASE + "/streams/s1/data/cbor 0", "PUBLISH " + BASE + "/streams/s1/get/cbor 0");
        // Blocks 0-2 received: bits 3, 4 and 5 left.
        assertThat(Cbor.decodeMap(payloads.getLast()).get("b")).isEqualTo(new byte[] {0x38});
        int before = agent.blockRequests();
        serveAll(agent, StreamFormat.CBOR);
        assertThat(agent.blockRequests() - before).isEqualTo(2);
        assertThat(agent.image()).isEqualTo(file);
    }

    @Test
    void theJsonStreamUsesAHexBitmapAndBase64Blocks() throws Exception {
        OtaAgent agent = agent(StreamFormat.JSON);
        agent.requestJob();
        agent.onMessage(BASE + "/jobs/$next/get/accepted", jobDocument(sign(file), ""));
        assertThat(operations.subList(2, operations.size()))
                .containsExactly(
                        "SUBSCRIBE " + BASE + "/streams/s1/data/json 0", "PUBLISH " + BASE + "/streams/s1/get/json 0");
        assertThat(new String(payloads.getLast(), StandardCharsets.UTF_8))
                .isEqualTo("{\"c\":\"rdy\",\"f\":0,\"l\":1024,\"o\":0,\"b\":\"3f\",\"n\":1}");
        serveAll(agent, StreamFormat.JSON);
        assertThat(agent.image()).isEqualTo(file);
        assertThat(statuses().getLast()).contains("\"self_test\":\"ready\"");
    }

    private OtaAgent agent(StreamFormat format) {
        return new OtaAgent("DIC_2", transport, new OtaAgent.Settings(null, format, signer));
    }

    /** Answers each block request with the lowest missing block, as long as the agent asks. */
    private void serveAll(OtaAgent agent, StreamFormat format) throws Exception {
        for (int guard = 0; guard < 100; guard++) {
            String topic = topics.getLast();
            if (!topic.endsWith("/get/" + format.topicLevel())) {
                return;
            }
            byte[] bitmap = format == StreamFormat.CBOR
                    ? (byte[]) Cbor.decodeMap(payloads.getLast()).get("b")
                    : HexFormat.of()
                            .parseHex(JSON.readTree(payloads.getLast()).get("b").asText());
            int next = 0;
            while ((bitmap[next / 8] & (1 << (next % 8))) == 0) {
                next++;
            }
            agent.onMessage(BASE + "/streams/s1/data/" + format.topicLevel(), block(format, next));
        }
    }

    private byte[] block(StreamFormat format, int index) throws Exception {
        byte[] data = Arrays.copyOfRange(file, index * 1024, Math.min(file.length, (index + 1) * 1024));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("f", 0);
        message.put("i", index);
        message.put("l", data.length);
        if (format == StreamFormat.CBOR) {
            message.put("p", data);
            return Cbor.encodeMap(message);
        }
        message.put("p", Base64.getEncoder().encodeToString(data));
        return JSON.writeValueAsBytes(message);
    }

    private List<String> statuses() {
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            if (topics.get(i).endsWith("/update")) {
                statuses.add(new String(payloads.get(i), StandardCharsets.UTF_8));
            }
        }
        return statuses;
    }

    private byte[] sign(byte[] content) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(signerKeys.getPrivate());
        signature.update(content);
        return signature.sign();
    }

    private static byte[] jobDocument(byte[] signature, String statusDetails) {
        return ("{\"clientToken\":\"0:DIC_2\",\"execution\":{\"jobId\":\"AFR_OTA-job1\"" + statusDetails
                        + ",\"jobDocument\":{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"s1\",\"files\":[{"
                        + "\"filepath\":\"app.gbl\",\"filesize\":" + FILE_SIZE + ",\"fileid\":0,\"certfile\":\"c\","
                        + "\"sig-sha256-ecdsa\":\"" + Base64.getEncoder().encodeToString(signature) + "\"}]}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
