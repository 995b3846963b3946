package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.simulator.ota.OtaAgent;
import io.thingcore.dic.simulator.ota.StreamFormat;
import io.thingcore.dic.testing.ProvisionedDic;
import io.thingcore.dic.testing.SignedImage;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.signing.CodeSignature;
import io.thingcore.pki.signing.CodeSigner;
import io.thingcore.testkit.InProcessGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;

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
    private ProvisionedDic dic;
    private SignedImage image;
    private CodeSignature signature;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void provisionAndStore() throws Exception {
        dataDir = temp.resolve("data");
        gateway = InProcessGateway.start(dataDir);
        dic = ProvisionedDic.provision(gateway, temp.resolve("dic-out"));
        image = SignedImage.store(dataDir, temp.resolve("app.gbl"), FILE_SIZE, 12);
        signature = image.signature();
    }

    @AfterEach
    void stop() {
        dic.close();
        gateway.close();
    }

    @Test
    void aRestartInTheMiddleOfTheDownloadOnlyCostsTheMissingBlocks() throws Exception {
        String jobId = createOtaUpdate("restart");
        FirmwareProfile profile = FirmwareProfile.of(Firmware.DIC, "DIC_2")
                .withOtaSettings(true, new OtaAgent.Settings(null, StreamFormat.CBOR, image.signerCertificate()))
                .withReconnect(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200), new SplittableRandom(3)));
        try (SimulatedDevice device = dic.device(DicApp.Kind.LIGHTING, profile, log::add)) {
            device.start().get(10, TimeUnit.SECONDS);
            dic.sendCommand("ota");
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
                .withOtaSettings(true, new OtaAgent.Settings(null, StreamFormat.CBOR, image.signerCertificate()));
        try (SimulatedDevice device = dic.device(DicApp.Kind.LIGHTING, profile, log::add)) {
            device.start().get(10, TimeUnit.SECONDS);
            dic.sendCommand("ota");
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
        try (IotClient iot = gateway.iot()) {
            return SignedImage.createOtaUpdate(iot, id, thingArn, signature);
        }
    }

    private JobExecution awaitEnd(String jobId) throws InterruptedException {
        // A client per read: the gateway restarts in the middle.
        return SignedImage.awaitEndAcrossRestarts(
                () -> gateway.iot(), jobId, "DIC_2", Duration.ofSeconds(30), Duration.ofMillis(50));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
