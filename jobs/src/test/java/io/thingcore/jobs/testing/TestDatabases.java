package io.thingcore.jobs.testing;

import io.thingcore.storage.Storage;
import io.thingcore.testkit.tools.PostgresSchema;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The two databases the store runs on: an SQLite file in a temporary directory, and PostgreSQL in a fresh schema
 * (the test kit's {@link PostgresSchema}: skipped with a message locally without {@code THINGCORE_TEST_POSTGRES_URL},
 * a failure in CI).
 */
public final class TestDatabases {
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
        PostgresSchema schema = PostgresSchema.create("thingcore_jobs_test");
        return new Database() {
            @Override
            public Storage open() {
                return Storage.open(schema.url(), Clock.systemUTC());
            }

            @Override
            public void close() throws SQLException {
                schema.close();
            }
        };
    }
}
