package io.thingcore.jobs.service;

import io.thingcore.jobs.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The jobs service on an SQLite file. */
class SqliteJobsServiceTest extends JobsServiceContract {
    @TempDir
    Path directory;

    @Override
    TestDatabases.Database database() {
        return TestDatabases.sqlite(directory);
    }
}
