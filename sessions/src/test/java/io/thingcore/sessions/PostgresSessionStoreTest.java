package io.thingcore.sessions;

import io.thingcore.testkit.tools.PostgresSchema;

/**
 * The session store contract on PostgreSQL, in a fresh schema per test; needs {@code THINGCORE_TEST_POSTGRES_URL}
 * (the external-tool rule of {@link PostgresSchema}: skipped without it, a failure in CI).
 */
class PostgresSessionStoreTest extends SessionStoreContractTest {
    private PostgresSchema schema;

    @Override
    protected String freshDatabaseUrl() throws Exception {
        schema = PostgresSchema.create("thingcore_sessions");
        return schema.url();
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }
}
