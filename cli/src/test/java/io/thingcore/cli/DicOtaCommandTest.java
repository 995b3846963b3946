package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.Pem;
import io.thingcore.testkit.InProcessGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * {@code thingcore dic ota} against an in-process gateway (issue 12, point 6 and point 4): it prints the size and
 * SHA-256 of the file it stored and that the gateway checked them before the job was created, then follows the job
 * execution; the job is canceled here through the API (no device), so the command ends with exit status 1.
 */
class DicOtaCommandTest {
    @TempDir
    Path dir;

    @Test
    void ota_printsTheStoredAndCheckedDigest_thenFollowsTheExecutionToItsEnd() throws Exception {
        byte[] image = new byte[40_000];
        new Random(12).nextBytes(image);
        Path file = Files.write(dir.resolve("app.gbl"), image);
        Path key = Files.writeString(
                dir.resolve("codesign.key"),
                Pem.writePkcs8(Keys.generate(KeyAlgorithm.EC_P256).getPrivate()),
                StandardCharsets.UTF_8);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(image));

        try (InProcessGateway gateway = InProcessGateway.start(dir.resolve("data"));
                IotClient iot = gateway.iot()) {
            iot.createThing(b -> b.thingName("DIC_2"));
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(
                    "dic",
                    "ota",
                    "--connection",
                    gateway.connectionFile().toString(),
                    "--thing",
                    "DIC_2",
                    "--file",
                    file.toString(),
                    "--sign-key",
                    key.toString(),
                    "--no-command",
                    "--update-id",
                    "checked-1",
                    "--poll-ms",
                    "100"));
            awaitJob(iot, "AFR_OTA-checked-1");
            iot.cancelJob(b -> b.jobId("AFR_OTA-checked-1"));
            CliRun done = run.get(30, TimeUnit.SECONDS);

            assertThat(done.stdout())
                    .contains("stored app.gbl as s3://thingcore-files/dic/app.gbl: 40000 bytes, SHA-256 " + sha256)
                    .contains("created OTA update checked-1 (job AFR_OTA-checked-1) for DIC_2")
                    .contains("file checked by the gateway: 40000 bytes, SHA-256 " + sha256
                            + ", read back before the job was created");
            assertThat(done.exitCode()).as(done.stdout() + done.stderr()).isEqualTo(1);
        }
    }

    private static void awaitJob(IotClient iot, String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                iot.describeJob(b -> b.jobId(jobId));
                return;
            } catch (ResourceNotFoundException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no job " + jobId + " within 20 s");
    }
}
