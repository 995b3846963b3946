package io.thingcore.it;

import static io.thingcore.it.DataDirTools.integrityCheck;
import static io.thingcore.it.DataDirTools.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.GatewayProcess;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Issue 13: the gateway's data directory (SQLite) on a 64 MB tmpfs that the test fills to the last byte under a
 * running gateway, then empties again. While it is full every API write is either answered with an error within a
 * bound and leaves nothing behind, or answered 200 and kept; QoS 1 acknowledged then is delivered later; once space
 * returns the same process serves writes again, and SQLite's {@code PRAGMA integrity_check} answers {@code ok}.
 * Mounting needs root (CI runs as root; elsewhere the test is skipped with a message).
 */
class DataDirFullIT {
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void dataDirFull_answersErrorsKeepsItsDatabaseAndRecoversWhenSpaceReturns() throws Exception {
        Path mountPoint = Files.createDirectories(temp.resolve("small"));
        ExternalTools.require(
                run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mountPoint.toString()),
                "mounting a 64 MB tmpfs (root)");
        List<MqttClient> open = new ArrayList<>();
        try {
            Path dataDir = mountPoint.resolve("data");
            GatewayProcess gateway = GatewayProcess.start(CliJar.PATH, dataDir);
            WritesUnderFault writes = new WritesUnderFault("with a full disk", ANSWER_BOUND);
            int acknowledgedWhileFull;
            Duration recovery;
            try (IotClient iot = AwsClients.iot(gateway.connection())) {
                ConnectionInfo connection = gateway.connection();
                CrashWorkload mqtt = new CrashWorkload();
                mqtt.register(connection);
                iot.createThing(b -> b.thingName("before-full"));
                WritesUnderFault.parkOfflineSession(mqtt, connection, open);

                Path filler = mountPoint.resolve("filler");
                fill(filler);
                for (int i = 0; i < 5; i++) {
                    writes.attempt(iot, "while-full-" + i);
                }
                acknowledgedWhileFull = mqtt.publishNow(connection, "full-publisher", 5);

                Files.delete(filler);
                recovery = WritesUnderFault.awaitRecovery(iot, "after-full", Duration.ofSeconds(60));
                assertThat(recovery)
                        .as("a write succeeds within 60 s of space returning")
                        .isNotNull();
                assertThat(gateway.isAlive()).as("the same gateway process").isTrue();
                writes.assertAcknowledgedSurvived(iot, "before-full", mqtt, connection, open);
            } finally {
                WritesUnderFault.closeAll(open);
                gateway.close();
            }
            assertThat(integrityCheck(dataDir.resolve("registry.db"))).isEqualTo("ok");
            System.out.printf(
                    "Data directory full (64 MB tmpfs): %d of 5 API writes refused, %d kept, slowest answer %d ms; "
                            + "%d of 5 QoS 1 publishes acknowledged (all delivered later); first write after space "
                            + "returned succeeded after %d ms, no restart; integrity ok%n",
                    writes.refused().size(),
                    writes.kept().size(),
                    writes.slowest().toMillis(),
                    acknowledgedWhileFull,
                    recovery.toMillis());
        } finally {
            run("umount", "-l", mountPoint.toString());
        }
    }

    /** Writes until the file system has no byte left. */
    private static void fill(Path filler) {
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            // no space left on the device: the point
        }
    }
}
