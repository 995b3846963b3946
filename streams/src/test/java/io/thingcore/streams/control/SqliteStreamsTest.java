package io.thingcore.streams.control;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The stream contract on SQLite, one database file per test. */
class SqliteStreamsTest extends StreamsContractTest {
    @TempDir
    Path database;

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:sqlite:" + database.resolve("streams.db");
    }
}
