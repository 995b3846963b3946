package io.thingcore.streams.control;

import io.thingcore.testkit.tools.PostgresSchema;

/**
 * The stream contract on PostgreSQL, in a fresh schema per test (dropped afterwards); needs
 * {@code THINGCORE_TEST_POSTGRES_URL} (the external-tool rule of {@link PostgresSchema}).
 */
class PostgresStreamsTest extends StreamsContractTest {
    private PostgresSchema schema;

    @Override
    protected String freshDatabaseUrl() throws Exception {
        schema = PostgresSchema.create("thingcore_streams");
        return schema.url();
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }
}
