package io.thingcore.streams.control;

import io.thingcore.streams.store.ConnectionSource;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.io.TempDir;

/** The stream contract on SQLite, one database file per test. */
class SqliteStreamsTest extends StreamsContractTest {
    @TempDir
    Path database;

    @Override
    protected ConnectionSource freshDatabase() {
        String url = "jdbc:sqlite:" + database.resolve("streams.db");
        return () -> DriverManager.getConnection(url);
    }
}
