package io.thingcore.jobs.service;

import io.thingcore.jobs.testing.TestDatabases;

/**
 * The jobs service on PostgreSQL, in a fresh schema per test; needs {@code THINGCORE_TEST_POSTGRES_URL} (skipped
 * locally without it, a failure in CI).
 */
class PostgresJobsServiceTest extends JobsServiceContract {
    @Override
    TestDatabases.Database database() throws Exception {
        return TestDatabases.postgres();
    }
}
