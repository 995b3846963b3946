package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.storage.DatabaseUrl;
import io.thingcore.testkit.InProcessGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

class BackupCommandTest {
    @TempDir
    Path temp;

    @Test
    void backupWhileThingsAreCreated_restoresToAGatewayThatServesTheThingsCreatedBefore() throws Exception {
        Path dataDir = temp.resolve("data");
        Path backup = temp.resolve("backups/thingcore-backup.db");
        AtomicInteger created = new AtomicInteger();
        int createdBeforeBackup;
        CliRun run;
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (InProcessGateway gateway = InProcessGateway.start(dataDir);
                IotClient iot = gateway.iot()) {
            for (int n = 0; n < 3; n++) {
                iot.createThing(b -> b.thingName("before-" + created.incrementAndGet()));
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch writesUnderWay = new CountDownLatch(2);
            Future<?> writes = writer.submit(() -> {
                while (writing.get()) {
                    iot.createThing(b -> b.thingName("before-" + created.incrementAndGet()));
                    writesUnderWay.countDown();
                }
            });
            assertThat(writesUnderWay.await(30, TimeUnit.SECONDS)).isTrue();
            createdBeforeBackup = created.get() - 1; // the one in flight may commit after the snapshot
            run = CliRun.of("backup", "--to", backup.toString(), "--data-dir", dataDir.toString());
            writing.set(false);
            writes.get();
        } finally {
            writer.shutdownNow();
        }

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .startsWith("backed up " + dataDir.toAbsolutePath().resolve("registry.db") + " to " + backup)
                .contains("integrity ok")
                .contains("gateway pid " + ProcessHandle.current().pid() + " running");
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + backup);
                ResultSet check = copy.createStatement().executeQuery("PRAGMA integrity_check")) {
            assertThat(check.next()).isTrue();
            assertThat(check.getString(1)).isEqualTo("ok");
        }

        // The restore of the command's help: the gateway stopped, its database replaced by the backup.
        for (String file : List.of("registry.db", "registry.db-wal", "registry.db-shm")) {
            Files.deleteIfExists(dataDir.resolve(file));
        }
        Files.copy(backup, dataDir.resolve("registry.db"));
        try (InProcessGateway restored = InProcessGateway.start(dataDir);
                IotClient iot = restored.iot()) {
            List<String> names = iot.listThingsPaginator(b -> b.maxResults(250)).things().stream()
                    .map(ThingAttribute::thingName)
                    .toList();
            for (int n = 1; n <= createdBeforeBackup; n++) {
                assertThat(names).contains("before-" + n);
            }
        }
    }

    @Test
    void aPostgresqlDatabaseGetsThePgDumpCommandAndNothingIsWritten() {
        Path backup = temp.resolve("thingcore.dump");
        CliRun run = CliRun.of(
                "backup",
                "--to",
                backup.toString(),
                "--data-dir",
                temp.toString(),
                "--db",
                "postgresql://thingcore:s3cret@db.example:5433/thingcore");

        assertThat(run.exitCode()).isEqualTo(BackupCommand.EXIT_USE_PG_DUMP);
        assertThat(run.stderr())
                .contains("use PostgreSQL's pg_dump")
                .contains("  pg_dump --format=custom --host=db.example --port=5433 --username=thingcore"
                        + " --dbname=thingcore --file=" + backup)
                .doesNotContain("s3cret");
        assertThat(backup).doesNotExist();
    }

    @Test
    void pgDumpCommand_quotesWhatTheShellWouldSplit() {
        DatabaseUrl url = DatabaseUrl.parse("jdbc:postgresql://localhost/iot$things?user=iot%20admin&password=x");
        assertThat(BackupCommand.pgDumpCommand(url, Path.of("/backups/my dump")))
                .isEqualTo("pg_dump --format=custom --host=localhost --username='iot admin'"
                        + " --dbname='iot$things' --file='/backups/my dump'");
    }

    @Test
    void noDatabaseInTheDataDirIsOneLineNamingTheFile() {
        CliRun run = CliRun.of("backup", "--to", temp.resolve("b.db").toString(), "--data-dir", temp.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().strip())
                .isEqualTo("thingcore: no SQLite database at "
                        + temp.toAbsolutePath().resolve("registry.db")
                        + " (--data-dir DIR names the gateway's data dir; a gateway started with --db takes the same"
                        + " --db here)");
        assertThat(temp.resolve("registry.db")).doesNotExist();
    }
}
