package io.thingcore.jobs.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs store's own numbered schema scripts ({@code migrations/J001__jobs.sql}, ...), applied in order when the
 * store opens, each in one transaction with its row in {@code jobs_schema_version}; a database with a newer jobs
 * schema than this build knows is refused (old code on a newer schema could lose data). Its own version table keeps
 * it independent of the registry's migrations in a shared database.
 */
final class JobsMigrations {
    private static final Logger LOG = LoggerFactory.getLogger(JobsMigrations.class);

    /** Every migration of this build, in order. */
    static final List<String> ALL = List.of("J001__jobs.sql");

    private static final String DIRECTORY = "/io/thingcore/jobs/store/migrations/";

    private JobsMigrations() {}

    static void apply(ConnectionSupplier connections, Clock clock) {
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS jobs_schema_version ("
                        + "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            c.commit();
            for (int i = 0; i < ALL.size(); i++) {
                int version = i + 1;
                long current = currentVersion(c);
                if (current > ALL.size()) {
                    throw new IllegalStateException("the jobs schema of this database has version " + current
                            + ", newer than this thingcore knows (" + ALL.size() + "): upgrade thingcore");
                }
                if (current >= version) {
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String statement : statements(read(ALL.get(i)))) {
                        s.execute(statement);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO jobs_schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                    p.setLong(1, version);
                    p.setString(2, ALL.get(i));
                    p.setLong(3, clock.millis());
                    p.executeUpdate();
                }
                c.commit();
                LOG.info("jobs store: applied migration {}", ALL.get(i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("jobs store: cannot apply the schema: " + e.getMessage(), e);
        }
    }

    private static long currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM jobs_schema_version")) {
            r.next();
            return r.getLong(1);
        }
    }

    static String read(String migration) {
        try (InputStream in = JobsMigrations.class.getResourceAsStream(DIRECTORY + migration)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + DIRECTORY + migration + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script at semicolons that end a line; {@code --} comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
