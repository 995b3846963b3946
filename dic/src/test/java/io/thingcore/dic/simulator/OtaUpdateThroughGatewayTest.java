package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.client.TlsProfile;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.dic.provision.Progress;
import io.thingcore.dic.provision.ProvisionOptions;
import io.thingcore.dic.provision.Provisioner;
import io.thingcore.dic.simulator.ota.OtaAgent;
import io.thingcore.dic.simulator.ota.StreamFormat;
import io.thingcore.dic.testing.GatewayTargets;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.signing.CodeSignature;
import io.thingcore.pki.signing.CodeSigner;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.testkit.InProcessGateway;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.Protocol;

/**
 * The simulator's OTA agent against a gateway started in-process: {@code dic provision}'s files, a signed file in the
 * gateway's file store, CreateOTAUpdate through the AWS SDK, {@code ota} on {@code command}; and a gateway restart in
 * the middle of the download, after which the device ({@code --reconnect}) fetches only the blocks it lacks.
 */
class OtaUpdateThroughGatewayTest {
    private static final int FILE_SIZE = 80 * 1024 + 17;
    private static final int BLOCKS = (FILE_SIZE + 1023) / 1024;

    @TempDir
    Path temp;

    private Path dataDir;
    private InProcessGateway gateway;
    private Target target;
    private Path out;
    private EventLoopGroup group;
    private X509Certificate signerCertificate;
    private CodeSignature signature;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void provisionAndStore() throws Exception {
        dataDir = temp.resolve("data");
        gateway = InProcessGateway.start(dataDir);
        target = GatewayTargets.of(gateway);
        out = temp.resolve("dic-out");
        try (IotClient iot = target.iotClient()) {
            new Provisioner(iot, target, ProvisionOptions.defaults(out), Progress.silent()).run();
        }
        group = MqttClient.newEventLoopGroup(2);

        byte[] bytes = new byte[FILE_SIZE];
        new Random(12).nextBytes(bytes);
        Path image = Files.write(temp.resolve("app.gbl"), bytes);
        try (InputStream in = Files.newInputStream(image)) {
            StreamsWiring.ownFiles(dataDir).put(GatewayFiles.OWN_BUCKET, "dic/app.gbl", in);
        }
        KeyPair signer = Keys.generate(KeyAlgorithm.EC_P256);
        signature = CodeSigner.sign(image, signer.getPrivate());
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        signerCertificate = CertificateAuthority.selfSigned(
                        signer, "CN=code signer", start, start.plus(Duration.ofDays(365)))
                .certificate();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gateway.close();
    }

    @Test
    void aRestartInTheMiddleOfTheDownloadOnlyCostsTheMissingBlocks() throws Exception {
        String jobId = createOtaUpdate("restart");
        FirmwareProfile profile = FirmwareProfile.of(Firmware.DIC, "DIC_2")
                .withOtaSettings(true, new OtaAgent.Settings(null, StreamFormat.CBOR, signerCertificate))
                .withReconnect(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new SplittableRandom(3)));
        try (SimulatedDevice device = device(profile)) {
            device.start().get(10, TimeUnit.SECONDS);
            sendOta();
            await(() -> blockRequests() >= 30, "30 block requests");
            int apiPort = gateway.gateway().apiPort();
            int mqttPort = gateway.mqttPort();
            gateway.close();
            gateway = InProcessGateway.start(dataDir, b -> b.apiPort(apiPort).mqttPort(mqttPort));
            await(() -> device.connections() == 2, "the reconnection");

            JobExecution done = awaitEnd(jobId);
            assertThat(done.status()).isEqualTo(JobExecutionStatus.SUCCEEDED);
            assertThat(done.statusDetails().detailsMap())
                    .containsEntry("reason", "accepted  v0.9.3")
                    .containsEntry("updatedBy", "  v0.9.2");
        }
        assertThat(log)
                .anyMatch(line -> line.matches(
                        "OTA agent: job " + jobId + " again: \\d+ of " + BLOCKS + " blocks still missing"));
        // At most the one request lost with the old connection is repeated.
        assertThat(blockRequests()).isBetween((long) BLOCKS, BLOCKS + 2L);
        assertThat(log).contains("OTA agent: signature verified with CN=code signer");
    }

    @Test
    void aFileSignedWithAnotherKeyFails() throws Exception {
        signature = CodeSigner.sign(
                Files.write(temp.resolve("other.gbl"), new byte[] {1, 2, 3}),
                Keys.generate(KeyAlgorithm.EC_P256).getPrivate());
        String jobId = createOtaUpdate("bad-signature");
        FirmwareProfile profile = FirmwareProfile.of(Firmware.DIC, "DIC_2")
                .withOtaSettings(true, new OtaAgent.Settings(null, StreamFormat.CBOR, signerCertificate));
        try (SimulatedDevice device = device(profile)) {
            device.start().get(10, TimeUnit.SECONDS);
            sendOta();
            JobExecution done = awaitEnd(jobId);
            assertThat(done.status()).isEqualTo(JobExecutionStatus.FAILED);
            assertThat(done.statusDetails().detailsMap()).containsEntry("reason", "0x000000e3: 0x00000000");
        }
    }

    private long blockRequests() {
        return log.stream()
                .filter(line -> line.startsWith("OTA agent: publishing to $aws/things/DIC_2/streams/")
                        && line.contains("/get/"))
                .count();
    }

    private String createOtaUpdate(String id) {
        String thingArn = "arn:aws:iot:" + gateway.connection().region() + ":"
                + gateway.connection().accountId() + ":thing/DIC_2";
        OTAUpdateFile file = OTAUpdateFile.builder()
                .fileName("/ota/app.gbl")
                .fileType(0)
                .fileLocation(
                        l -> l.s3Location(s -> s.bucket(GatewayFiles.OWN_BUCKET).key("dic/app.gbl")))
                .codeSigning(c -> c.customCodeSigning(
                        cc -> cc.signature(s -> s.inlineDocument(SdkBytes.fromByteArray(signature.signature())))
                                .certificateChain(ch -> ch.certificateName("codesign.crt"))
                                .hashAlgorithm("SHA256")
                                .signatureAlgorithm("ECDSA")))
                .build();
        try (IotClient iot = gateway.iot()) {
            return iot.createOTAUpdate(b -> b.otaUpdateId(id)
                            .targets(thingArn)
                            .protocols(Protocol.MQTT)
                            .roleArn("arn:aws:iam::123456789012:role/ota")
                            .files(file))
                    .awsIotJobId();
        }
    }

    private JobExecution awaitEnd(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            JobExecution execution;
            try (IotClient iot = gateway.iot()) {
                execution = iot.describeJobExecution(b -> b.jobId(jobId).thingName("DIC_2"))
                        .execution();
            }
            if (execution.status() != JobExecutionStatus.QUEUED && execution.status() != JobExecutionStatus.IN_PROGRESS
                    || System.nanoTime() > deadline) {
                return execution;
            }
            Thread.sleep(50);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private void sendOta() throws Exception {
        ProvisionedClient files = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        MqttClient explorer = MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(files.certificate(), files.key(), files.serverCa(), TlsEngine.AUTO),
                        MqttClientOptions.of(files.host(), files.port(), files.clientId()),
                        (topic, payload, qos, retain) -> {})
                .get(10, TimeUnit.SECONDS);
        explorer.publish("command", "ota", MqttQoS.AT_LEAST_ONCE, false).get(5, TimeUnit.SECONDS);
        explorer.disconnect().get(5, TimeUnit.SECONDS);
    }

    private SimulatedDevice device(FirmwareProfile profile) throws Exception {
        ProvisionedClient files = ProvisionedClient.read(out, ProvisionedClient.Role.DEVICE);
        return new SimulatedDevice(
                group.next(),
                ClientTls.fromPem(
                        Files.readString(files.certificate()),
                        Files.readString(files.key()),
                        Files.readString(files.serverCa()),
                        TlsEngine.AUTO,
                        TlsProfile.FIRMWARE_WITH_SNI),
                MqttClientOptions.of(files.host(), files.port(), files.clientId()),
                DicApp.Kind.LIGHTING,
                profile,
                log::add);
    }
}
