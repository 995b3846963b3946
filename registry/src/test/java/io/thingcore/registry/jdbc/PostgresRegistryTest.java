package io.thingcore.registry.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract on PostgreSQL, in a fresh schema per test (dropped afterwards). Needs
 * {@code THINGCORE_TEST_POSTGRES_URL}, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/thingcore?user=thingcore&password=thingcore}, with a role allowed to create
 * schemas. Without it the tests are skipped, except in CI (env {@code CI} set), where they fail: CI must not pass
 * silently without the PostgreSQL half.
 */
class PostgresRegistryTest extends RegistryContractTest {
    static final String ENV = "THINGCORE_TEST_POSTGRES_URL";
    static String baseUrl;

    private String schema;

    static final String MISSING = ENV + " is not set: PostgreSQL registry tests need a database, e.g. " + ENV
            + "='jdbc:postgresql://127.0.0.1:5432/thingcore?user=thingcore&password=thingcore'";

    @BeforeAll
    static void requirePostgresInCi() {
        baseUrl = System.getenv(ENV);
        if ((baseUrl == null || baseUrl.isBlank()) && System.getenv("CI") != null) {
            fail(MISSING + " (CI is set, so this is a failure, not a skip)");
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            // Surefire does not count assumption skips inside @Nested classes; say it where people look.
            System.err.println("SKIPPING PostgresRegistryTest: " + MISSING);
        }
        if (baseUrl != null && !baseUrl.isBlank() && !baseUrl.startsWith("jdbc:postgresql:")) {
            fail(ENV + " must be a jdbc:postgresql:// URL, got: " + DatabaseUrl.redact(baseUrl));
        }
    }

    @Override
    protected String freshDatabaseUrl() throws Exception {
        // Skipped one by one (not the whole class at once) so that the skip count and reason show in the report.
        Assumptions.assumeTrue(baseUrl != null && !baseUrl.isBlank(), MISSING);
        schema = "thingcore_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(baseUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (schema != null) {
            try (Connection connection = DriverManager.getConnection(baseUrl);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
