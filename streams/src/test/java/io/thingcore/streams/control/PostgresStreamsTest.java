package io.thingcore.streams.control;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The stream contract on PostgreSQL, in a fresh schema per test (dropped afterwards). Needs
 * {@code THINGCORE_TEST_POSTGRES_URL}, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/thingcore?user=thingcore&password=thingcore}; without it the tests are
 * skipped, except in CI (env {@code CI} set), where they fail, as the registry's PostgreSQL tests do.
 */
class PostgresStreamsTest extends StreamsContractTest {
    static final String ENV = "THINGCORE_TEST_POSTGRES_URL";
    static final String MISSING = ENV + " is not set: PostgreSQL stream tests need a database, e.g. " + ENV
            + "='jdbc:postgresql://127.0.0.1:5432/thingcore?user=thingcore&password=thingcore'";
    static String baseUrl;

    private String schema;

    @BeforeAll
    static void requirePostgresInCi() {
        baseUrl = System.getenv(ENV);
        boolean missing = baseUrl == null || baseUrl.isBlank();
        if (missing && System.getenv("CI") != null) {
            fail(MISSING + " (CI is set, so this is a failure, not a skip)");
        }
        if (missing) {
            System.err.println("SKIPPING PostgresStreamsTest: " + MISSING);
        } else if (!baseUrl.startsWith("jdbc:postgresql:")) {
            fail(ENV + " must be a jdbc:postgresql:// URL");
        }
    }

    @Override
    protected String freshDatabaseUrl() throws Exception {
        Assumptions.assumeTrue(baseUrl != null && !baseUrl.isBlank(), MISSING);
        schema = "thingcore_streams_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(baseUrl);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(baseUrl);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
