package io.thingcore.sessions;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The session store contract on PostgreSQL, in a fresh schema per test; needs {@code THINGCORE_TEST_POSTGRES_URL}
 * as {@code PostgresRegistryTest} does (skipped without it, a failure in CI).
 */
class PostgresSessionStoreTest extends SessionStoreContractTest {
    static final String ENV = "THINGCORE_TEST_POSTGRES_URL";
    private String baseUrl;
    private String schema;

    @Override
    protected String freshDatabaseUrl() throws Exception {
        baseUrl = System.getenv(ENV);
        if ((baseUrl == null || baseUrl.isBlank()) && System.getenv("CI") != null) {
            fail(ENV + " is not set (CI is set, so this is a failure, not a skip)");
        }
        Assumptions.assumeTrue(baseUrl != null && !baseUrl.isBlank(), ENV + " is not set");
        schema = "thingcore_sessions_" + UUID.randomUUID().toString().replace("-", "");
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
