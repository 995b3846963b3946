package io.thingcore.it;

import static io.thingcore.it.DataDirTools.integrityCheck;
import static io.thingcore.it.DataDirTools.output;
import static io.thingcore.it.DataDirTools.run;
import static io.thingcore.it.WritesUnderFault.closeAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.GatewayProcess;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
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
 * Issue 13: the data directory turns read-only under a running gateway, as ext4 mounted with
 * {@code errors=remount-ro} does after an I/O error. The test mounts a 64 MB ext4 image on a loop device and makes
 * the kernel take that path with ext4's own {@code /sys/fs/ext4/<device>/trigger_fs_error} (Linux
 * {@code fs/ext4/sysfs.c}). While the file system is read-only every API write is answered within a bound, with an
 * error that leaves nothing behind or with 200 and kept, reads keep working, and no QoS 1 message is acknowledged
 * that is not durable; a gateway started on the read-only directory refuses with one line that names the fix; after
 * {@code e2fsck} and a fresh mount a gateway serves everything acknowledged before, and SQLite's
 * {@code PRAGMA integrity_check} answers {@code ok}. Needs root and a loop device (CI has both; skipped elsewhere).
 */
class DataDirReadOnlyIT {
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    @Test
    void dataDirTurnedReadOnly_answersErrors_refusesToStartWithTheFix_andLosesNothingAcknowledged() throws Exception {
        Path image = temp.resolve("data.ext4");
        Path mountPoint = Files.createDirectories(temp.resolve("mnt"));
        ExternalTools.require(
                run("truncate", "-s", "64M", image.toString()) && run("mkfs.ext4", "-q", image.toString()),
                "making an ext4 image (mkfs.ext4, e2fsprogs)");
        ExternalTools.require(mount(image, mountPoint), "mounting an ext4 image on a loop device (root)");
        List<MqttClient> open = new ArrayList<>();
        boolean mounted = true;
        try {
            Path dataDir = mountPoint.resolve("data");
            CrashWorkload mqtt = new CrashWorkload();
            WritesUnderFault writes = new WritesUnderFault("on a read-only file system", ANSWER_BOUND);
            int acknowledgedBefore;
            int acknowledgedWhileReadOnly;
            try (GatewayProcess gateway = GatewayProcess.start(CliJar.PATH, dataDir);
                    IotClient iot = AwsClients.iot(gateway.connection())) {
                ConnectionInfo connection = gateway.connection();
                mqtt.register(connection);
                iot.createThing(b -> b.thingName("before-read-only"));
                WritesUnderFault.parkOfflineSession(mqtt, connection, open);
                acknowledgedBefore = mqtt.publishNow(connection, "before-publisher", 3);

                turnReadOnly(mountPoint);
                for (int i = 0; i < 3; i++) {
                    writes.attempt(iot, "while-read-only-" + i);
                }
                assertThat(iot.describeThing(b -> b.thingName("before-read-only"))
                                .thingName())
                        .as("reads keep working")
                        .isEqualTo("before-read-only");
                acknowledgedWhileReadOnly = mqtt.publishNow(connection, "read-only-publisher", 3);
                assertThat(gateway.isAlive()).as("the gateway keeps running").isTrue();
            }

            assertThatThrownBy(() -> GatewayProcess.start(CliJar.PATH, dataDir).close())
                    .hasMessageContaining("thingcore: data directory " + dataDir.toAbsolutePath()
                            + " is on a read-only file system: remount it read-write (after a file system check if"
                            + " the kernel made it read-only after an error), or pass --data-dir DIR");

            assertThat(run("umount", mountPoint.toString())).as("unmounted").isTrue();
            mounted = false;
            // e2fsck exits 1 when it corrected errors; the error the test injected is only a flag in the superblock
            String repair = output("e2fsck", "-fy", image.toString());
            mounted = mount(image, mountPoint);
            assertThat(mounted).as("mounted again after e2fsck: %s", repair).isTrue();

            try (GatewayProcess gateway = GatewayProcess.start(CliJar.PATH, dataDir);
                    IotClient iot = AwsClients.iot(gateway.connection())) {
                writes.assertAcknowledgedSurvived(iot, "before-read-only", mqtt, gateway.connection(), open);
                closeAll(open);
            }
            assertThat(integrityCheck(dataDir.resolve("registry.db"))).isEqualTo("ok");
            System.out.printf(
                    "Data directory turned read-only (ext4 errors=remount-ro): %d of 3 API writes refused, %d kept,"
                            + " slowest answer %d ms; QoS 1 acknowledged %d of 3 before and %d of 3 while read-only,"
                            + " all delivered after e2fsck and a restart; start on the read-only directory refused"
                            + " with one line; integrity ok%n",
                    writes.refused().size(),
                    writes.kept().size(),
                    writes.slowest().toMillis(),
                    acknowledgedBefore,
                    acknowledgedWhileReadOnly);
        } finally {
            closeAll(open);
            if (mounted) {
                run("umount", "-l", mountPoint.toString());
            }
        }
    }

    private static boolean mount(Path image, Path mountPoint) {
        return run("mount", "-o", "loop,errors=remount-ro", image.toString(), mountPoint.toString());
    }

    /**
     * Makes the kernel record a file system error on the mount, which with {@code errors=remount-ro} turns it
     * read-only at once (ext4's sysfs {@code trigger_fs_error}); returns once a write is refused with EROFS.
     */
    private static void turnReadOnly(Path mountPoint) throws IOException {
        String device = Path.of(output("findmnt", "-n", "-o", "SOURCE", mountPoint.toString()))
                .getFileName()
                .toString();
        Files.writeString(
                Path.of("/sys/fs/ext4", device, "trigger_fs_error"), "thingcore test", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Files.createFile(mountPoint.resolve("probe")))
                .isInstanceOf(FileSystemException.class)
                .hasMessageContaining("Read-only file system");
    }
}
