package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, the default store: one fresh database file per test. */
class SqliteRegistryTest extends RegistryContractTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path directory;

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:sqlite:" + directory.resolve("nested/registry-" + COUNTER.incrementAndGet() + ".db");
    }

    @Test
    void databaseRunsInWalMode() throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }
}
