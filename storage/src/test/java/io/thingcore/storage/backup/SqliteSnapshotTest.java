package io.thingcore.storage.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSnapshotTest {
    @TempDir
    Path dir;

    @Test
    void copyWhileAWriterCommits_holdsAPrefixOfTheCommitsAndPassesTheIntegrityCheck() throws Exception {
        Path database = dir.resolve("registry.db");
        try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = setup.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE things (n INTEGER PRIMARY KEY, name TEXT NOT NULL)");
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        CountDownLatch writesUnderWay = new CountDownLatch(20);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        SqliteSnapshot.Copy copy;
        int committedBeforeCopy;
        try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            writer.createStatement().execute("PRAGMA busy_timeout=10000");
            // Consistency is the point here, not durability: no fsync per commit keeps the test fast.
            writer.createStatement().execute("PRAGMA synchronous=OFF");
            Future<?> writes = executor.submit(() -> {
                try (PreparedStatement insert = writer.prepareStatement("INSERT INTO things (n, name) VALUES (?, ?)")) {
                    for (int n = 1; writing.get(); n++) {
                        insert.setInt(1, n);
                        insert.setString(2, "thing-" + n);
                        insert.executeUpdate(); // autocommit: one transaction per row
                        committed.set(n);
                        writesUnderWay.countDown();
                    }
                }
                return null;
            });
            assertThat(writesUnderWay.await(30, TimeUnit.SECONDS)).isTrue();
            committedBeforeCopy = committed.get();
            copy = SqliteSnapshot.copy(database, dir.resolve("backups/registry-backup.db"));
            writing.set(false);
            writes.get();
        } finally {
            executor.shutdownNow();
        }

        assertThat(copy.integrity()).isEqualTo("ok");
        assertThat(copy.bytes()).isEqualTo(Files.size(copy.file()));
        assertThat(dir.resolve("backups")).isDirectoryNotContaining("glob:**.partial");
        try (Connection backup = DriverManager.getConnection("jdbc:sqlite:" + copy.file());
                ResultSet rows = backup.createStatement().executeQuery("SELECT count(*), max(n) FROM things")) {
            rows.next();
            int count = rows.getInt(1);
            // Every row up to some commit, none missing in between: the copy is the database as of one commit.
            assertThat(count).isGreaterThanOrEqualTo(committedBeforeCopy).isEqualTo(rows.getInt(2));
        }
    }

    @Test
    void aMissingDatabaseIsNotCreated() {
        Path missing = dir.resolve("nope.db");
        assertThatThrownBy(() -> SqliteSnapshot.copy(missing, dir.resolve("backup.db")))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(missing).doesNotExist();
        assertThat(dir.resolve("backup.db")).doesNotExist();
    }

    @Test
    void anExistingTargetIsNeverOverwritten() throws Exception {
        Path database = dir.resolve("registry.db");
        try (Connection setup = DriverManager.getConnection("jdbc:sqlite:" + database)) {
            setup.createStatement().execute("CREATE TABLE t (x INTEGER)");
        }
        Path target = Files.writeString(dir.resolve("backup.db"), "yesterday's backup");
        assertThatThrownBy(() -> SqliteSnapshot.copy(database, target)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(target).hasContent("yesterday's backup");
    }
}
