package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.dic.testing.SignedImage;
import io.thingcore.pki.signing.CodeSigner;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.RegisteredDevice;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobSummary;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.StreamFile;

/**
 * An OTA update as a device sees it: CreateOTAUpdate through the AWS SDK for Java v2 with a file signed by
 * {@link CodeSigner}, and the device's {@code $aws/things/<thing>/jobs/notify-next}, whose execution carries the
 * {@code afr_ota} document the AWS IoT OTA library's job parser ({@code source/ota.c},
 * {@code otaJobDocModelParamStructure}) accepts: required members present, numbers as JSON numbers, the signature
 * base64 of at most {@code kOTA_MaxSignatureSize} bytes, and verifiable with the signer's certificate.
 */
class OtaUpdateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OWN_JOBS_ONLY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect",
               "Resource":"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}]}
            """;

    @TempDir
    static Path dataDir;

    private static InProcessGateway gateway;
    private static IotClient iot;
    private MqttClient device;

    /** One gateway for the class: each test uses its own things, streams and updates. */
    @BeforeAll
    static void start() {
        gateway = InProcessGateway.start(dataDir);
        iot = gateway.iot();
    }

    @AfterAll
    static void stopGateway() {
        if (iot != null) {
            iot.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (device != null) {
            if (device.isConnected()) {
                device.disconnect(1000);
            }
            device.close(true);
        }
    }

    /**
     * Issue 12, point 4: a file that changed in the store between CreateStream and CreateOTAUpdate fails the update
     * ({@code CREATE_FAILED} with {@code errorInfo}, member of {@code OTAUpdateInfo} in the {@code iot} service model)
     * and no job is created, seen through the AWS SDK for Java v2.
     */
    @Test
    void aFileChangedAfterCreateStream_failsTheOtaUpdateWithoutAJob() throws Exception {
        byte[] bytes = new byte[50_000];
        new Random(22).nextBytes(bytes);
        ObjectInfo stored = StreamsWiring.ownFiles(dataDir)
                .put(GatewayFiles.OWN_BUCKET, "dic/checked.gbl", new ByteArrayInputStream(bytes));
        iot.createThing(b -> b.thingName("DIC_CHECKED"));
        iot.createStream(b -> b.streamId("checked")
                .roleArn("arn:aws:iam::123456789012:role/ota")
                .files(StreamFile.builder()
                        .fileId(0)
                        .s3Location(l -> l.bucket(GatewayFiles.OWN_BUCKET).key("dic/checked.gbl"))
                        .build()));
        // The gateway's own store names a content by its SHA-256; the bytes behind that name change in place.
        Path content;
        try (var files = Files.walk(dataDir)) {
            content = files.filter(p -> p.getFileName().toString().equals(stored.version()))
                    .findFirst()
                    .orElseThrow();
        }
        bytes[0] ^= 1;
        Files.write(content, bytes);

        ConnectionInfo info = gateway.connection();
        var created = iot.createOTAUpdate(b -> b.otaUpdateId("checked-v1")
                .targets("arn:aws:iot:" + info.region() + ":" + info.accountId() + ":thing/DIC_CHECKED")
                .roleArn("arn:aws:iam::123456789012:role/ota")
                .files(OTAUpdateFile.builder()
                        .fileName("/ota/app.gbl")
                        .fileLocation(l -> l.stream(s -> s.streamId("checked").fileId(0)))
                        .build()));
        assertThat(created.otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_FAILED);
        assertThat(created.awsIotJobId()).isNull();
        var failed = iot.getOTAUpdate(b -> b.otaUpdateId("checked-v1")).otaUpdateInfo();
        assertThat(failed.otaUpdateStatus()).isEqualTo(OTAUpdateStatus.CREATE_FAILED);
        assertThat(failed.errorInfo().code()).isEqualTo("StreamFileChanged");
        assertThat(failed.errorInfo().message()).contains("SHA-256 " + stored.version());
        assertThat(iot.listJobs(b -> b.maxResults(100)).jobs())
                .extracting(JobSummary::jobId)
                .doesNotContain("AFR_OTA-checked-v1");
        assertThatThrownBy(() -> iot.describeJob(b -> b.jobId("AFR_OTA-checked-v1")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void theDeviceReceivesTheAfrOtaDocumentOnNotifyNext_asTheOtaLibraryParsesIt() throws Exception {
        SignedImage image = SignedImage.store(dataDir, dataDir.resolve("app.gbl"), 200_000, 21);

        RegisteredDevice registered = RegisteredDevice.register(
                        iot, new RegisteredDevice.Registration("CN=OTA CA", "CN=DIC_1", "OWN_JOBS_ONLY", OWN_JOBS_ONLY))
                .attachedTo(iot, "DIC_1");

        ConnectionInfo info = gateway.connection();
        BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
        device = new MqttClient("ssl://localhost:" + info.mqttPort(), "DIC_1", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(registered.socketFactory(info));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        device.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        device.connect(options);
        device.subscribe("$aws/things/DIC_1/jobs/notify-next", 1);

        String thingArn = "arn:aws:iot:" + info.region() + ":" + info.accountId() + ":thing/DIC_1";
        String jobId = SignedImage.createOtaUpdate(iot, "dic-v2", thingArn, image.signature());

        JsonNode next = next(received, "$aws/things/DIC_1/jobs/notify-next");
        JsonNode execution = next.get("execution");
        assertThat(execution.get("jobId").asText()).isEqualTo(jobId).isEqualTo("AFR_OTA-dic-v2");
        JsonNode afrOta = execution.at("/jobDocument/afr_ota");
        assertThat(afrOta.isObject())
                .as("execution.jobDocument.afr_ota, required")
                .isTrue();
        assertThat(afrOta.get("protocols").isArray()).isTrue();
        assertThat(afrOta.get("protocols").toString()).contains("\"MQTT\"");
        String streamName = afrOta.get("streamname").asText();
        assertThat(streamName).startsWith("AFR_OTA-");
        JsonNode documentFile = afrOta.get("files").get(0);
        assertThat(documentFile.get("filepath").isTextual()).isTrue();
        assertThat(documentFile.get("filepath").asText()).isEqualTo("/ota/app.gbl");
        // strtoul over the raw text: numbers, never quoted.
        assertThat(documentFile.get("filesize").isIntegralNumber()).isTrue();
        assertThat(documentFile.get("filesize").asLong()).isEqualTo(image.bytes().length);
        assertThat(documentFile.get("fileid").isIntegralNumber()).isTrue();
        assertThat(documentFile.get("fileType").isIntegralNumber()).isTrue();
        assertThat(documentFile.get("certfile").asText()).isEqualTo("codesign.crt");
        byte[] decoded =
                Base64.getDecoder().decode(documentFile.get("sig-sha256-ecdsa").asText());
        assertThat(decoded.length).isLessThanOrEqualTo(384);
        assertThat(CodeSigner.verify(image.image(), decoded, image.signerCertificate()))
                .isTrue();
        // The stream the document names is the one devices fetch the file from, with the file's size.
        assertThat(iot.describeStream(b -> b.streamId(streamName)).streamInfo().files())
                .singleElement()
                .satisfies(f -> assertThat(f.fileId()).isZero());
    }

    private static JsonNode next(BlockingQueue<String[]> received, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String[] message = received.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && message[0].equals(topic)) {
                return JSON.readTree(message[1]);
            }
        }
        throw new AssertionError("nothing on " + topic + " within 10 s");
    }
}
