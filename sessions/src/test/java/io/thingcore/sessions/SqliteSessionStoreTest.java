package io.thingcore.sessions;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The session store contract on SQLite. */
class SqliteSessionStoreTest extends SessionStoreContractTest {
    @TempDir
    Path directory;

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:sqlite:" + directory.resolve("registry.db");
    }
}
