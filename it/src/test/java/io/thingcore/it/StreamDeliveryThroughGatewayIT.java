package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.MqttTls;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.StreamFile;

/**
 * MQTT-based file delivery through a gateway as {@code thingcore up} wires it: a 1 MiB file put in the gateway's own
 * store, a stream created with the AWS SDK, and a device registered through the API that fetches every block over
 * mutual TLS in CBOR and in JSON ("Using AWS IoT Core MQTT-based file delivery in devices": {@code get/cbor|json}
 * requests with {@code c f l o n}, {@code data} replies with {@code f i l p}) under the least-privilege policy of
 * "Managing a stream in the AWS Cloud", and reassembles the file byte for byte.
 */
class StreamDeliveryThroughGatewayIT {
    static final int MIB = 1024 * 1024;
    static final int BLOCK = 4096;
    /** 32 blocks of 4 KiB: the 128 KiB AWS serves per request. */
    static final int BLOCKS_PER_REQUEST = 32;

    static final String DEVICE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
            + "\"Resource\":\"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}\"},"
            + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],"
            + "\"Resource\":\"arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/streams/*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
            + "\"Resource\":\"arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/streams/*\"}]}";

    @TempDir
    Path dataDir;

    InProcessGateway gateway;
    IotClient iot;
    KeyPair deviceKeys;
    X509Certificate deviceCertificate;
    byte[] image;

    @BeforeEach
    void startGatewayWithAStream() throws Exception {
        gateway = InProcessGateway.start(dataDir);
        iot = AwsClients.iot(gateway.connection());
        TestCa ca = TestPki.ca("CN=DIC CA");
        var issued = TestPki.deviceV1(ca, "CN=DIC_2");
        deviceKeys = issued.keys();
        deviceCertificate = issued.certificate();
        iot.registerCACertificate(b -> b.caCertificate(Pem.write(ca.certificate()))
                .certificateMode(CertificateMode.SNI_ONLY)
                .setAsActive(true));
        iot.createPolicy(b -> b.policyName("OTA_DEVICE").policyDocument(DEVICE_POLICY));
        iot.createThing(b -> b.thingName("DIC_2"));
        var registered = iot.registerCertificate(b -> b.certificatePem(Pem.write(deviceCertificate))
                .caCertificatePem(Pem.write(ca.certificate()))
                .status(CertificateStatus.ACTIVE));
        iot.attachPolicy(b -> b.policyName("OTA_DEVICE").target(registered.certificateArn()));
        iot.attachThingPrincipal(b -> b.thingName("DIC_2").principal(registered.certificateArn()));

        image = new byte[MIB];
        new Random(2026).nextBytes(image);
        // What `thingcore files put app.gbl` does, beside the running gateway.
        StreamsWiring.ownFiles(dataDir).put(GatewayFiles.OWN_BUCKET, "app.gbl", new ByteArrayInputStream(image));
        iot.createStream(b -> b.streamId("ota-app")
                .roleArn("arn:aws:iam::123456789012:role/unused")
                .files(StreamFile.builder()
                        .fileId(0)
                        .s3Location(l -> l.bucket(GatewayFiles.OWN_BUCKET).key("app.gbl"))
                        .build()));
    }

    @AfterEach
    void stop() {
        iot.close();
        gateway.close();
    }

    @Test
    void aDeviceReassemblesTheFileFromCborBlocks() throws Exception {
        assertThat(download("cbor")).isEqualTo(image);
    }

    @Test
    void aDeviceReassemblesTheFileFromJsonBlocks() throws Exception {
        assertThat(download("json")).isEqualTo(image);
    }

    private byte[] download(String format) throws Exception {
        ConnectionInfo info = gateway.connection();
        MqttClient client = new MqttClient("ssl://localhost:" + info.mqttPort(), "DIC_2", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(MqttTls.socketFactory(
                deviceCertificate, deviceKeys.getPrivate(), Path.of(info.serverCaFile()), info.mqttHost()));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        options.setMaxInflight(100);
        BlockingQueue<MqttMessage> replies = new LinkedBlockingQueue<>();
        client.connect(options);
        try {
            String prefix = "$aws/things/DIC_2/streams/ota-app/";
            client.subscribe(prefix + "data/" + format, 0, (topic, message) -> replies.add(message));
            client.subscribe(prefix + "rejected/" + format, 0, (topic, message) -> replies.add(message));
            ObjectMapper mapper = format.equals("cbor") ? new ObjectMapper(new CBORFactory()) : new ObjectMapper();
            byte[] file = new byte[MIB];
            int blocks = MIB / BLOCK;
            for (int offset = 0; offset < blocks; offset += BLOCKS_PER_REQUEST) {
                Map<String, Object> request =
                        Map.of("c", "ota", "f", 0, "l", BLOCK, "o", offset, "n", BLOCKS_PER_REQUEST);
                client.publish(prefix + "get/" + format, new MqttMessage(mapper.writeValueAsBytes(request)));
                for (int k = 0; k < BLOCKS_PER_REQUEST; k++) {
                    MqttMessage reply = replies.poll(10, TimeUnit.SECONDS);
                    assertThat(reply).as("block %d of %s", offset + k, format).isNotNull();
                    JsonNode block = mapper.readTree(reply.getPayload());
                    assertThat(block.has("o"))
                            .as(new String(reply.getPayload(), StandardCharsets.UTF_8))
                            .isFalse();
                    assertThat(block.get("f").intValue()).isZero();
                    assertThat(block.get("l").intValue()).isEqualTo(BLOCK);
                    byte[] payload = format.equals("cbor")
                            ? block.get("p").binaryValue()
                            : Base64.getDecoder().decode(block.get("p").textValue());
                    System.arraycopy(payload, 0, file, block.get("i").intValue() * BLOCK, payload.length);
                }
            }
            return file;
        } finally {
            client.disconnect();
            client.close();
        }
    }
}
