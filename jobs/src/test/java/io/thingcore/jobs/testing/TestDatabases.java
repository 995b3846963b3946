package io.thingcore.jobs.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.thingcore.storage.Storage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The two databases the store runs on: an SQLite file in a temporary directory, and PostgreSQL in a fresh schema from
 * {@code THINGCORE_TEST_POSTGRES_URL} (as the registry's PostgresRegistryTest: skipped with a message locally when
 * unset, a failure when {@code CI} is set).
 */
public final class TestDatabases {
    public static final String POSTGRES_ENV = "THINGCORE_TEST_POSTGRES_URL";
    static final String MISSING = POSTGRES_ENV + " is not set: PostgreSQL jobs store tests need a database, e.g. "
            + POSTGRES_ENV + "='jdbc:postgresql://127.0.0.1:5432/thingcore?user=thingcore&password=thingcore'";

    private TestDatabases() {}

    /** A database that can be opened several times (to show that state survives a reopen), and dropped. */
    public interface Database extends AutoCloseable {
        /** The storage core on this database; the caller applies the jobs track (JobStore.open) and closes it. */
        Storage open();

        @Override
        void close() throws SQLException;
    }

    public static Database sqlite(Path directory) {
        Path file = directory.resolve("jobs.db");
        return new Database() {
            @Override
            public Storage open() {
                return Storage.open("jdbc:sqlite:" + file, Clock.systemUTC());
            }

            @Override
            public void close() {}
        };
    }

    public static Database postgres() throws SQLException {
        String base = System.getenv(POSTGRES_ENV);
        if ((base == null || base.isBlank()) && System.getenv("CI") != null) {
            fail(MISSING + " (CI is set, so this is a failure, not a skip)");
        }
        if (base == null || base.isBlank()) {
            System.err.println("SKIPPING PostgreSQL jobs store test: " + MISSING);
        }
        Assumptions.assumeTrue(base != null && !base.isBlank(), MISSING);
        String schema = "thingcore_jobs_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(base);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new Database() {
            @Override
            public Storage open() {
                return Storage.open(url, Clock.systemUTC());
            }

            @Override
            public void close() throws SQLException {
                try (Connection c = DriverManager.getConnection(base);
                        Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        };
    }
}
