package io.thingcore.testkit.tools;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty schema in the test PostgreSQL database ({@link ExternalTools#postgresUrl}), so that tests and
 * parallel builds sharing one server never see each other's tables; {@link #close()} drops it with everything in it.
 * The JDBC driver comes from the calling module's test class path.
 */
public final class PostgresSchema implements AutoCloseable {
    private final String baseUrl;
    private final String name;

    private PostgresSchema(String baseUrl, String name) {
        this.baseUrl = baseUrl;
        this.name = name;
    }

    /** Creates {@code <prefix>_<random>}; fails (CI) or skips (elsewhere) the test without a PostgreSQL URL. */
    public static PostgresSchema create(String prefix) throws SQLException {
        String baseUrl = ExternalTools.postgresUrl(prefix);
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = DriverManager.getConnection(baseUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + name);
        }
        return new PostgresSchema(baseUrl, name);
    }

    /** The schema's name, e.g. for {@code search_path} checks. */
    public String name() {
        return name;
    }

    /** The JDBC URL whose connections use this schema. */
    public String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** The URL of the database itself, for a test that needs a connection outside the schema (an administrator). */
    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = DriverManager.getConnection(baseUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }
}
