package io.thingcore.streams.store;

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

/**
 * The stream store's own migration track: numbered scripts under {@code migrations/}, each applied once in its own
 * transaction together with its row in {@code streams_schema_version}. A database whose streams schema is newer than
 * this build knows is refused: old code on a newer schema could lose data. When a shared storage core records
 * migrations per track, these scripts become its {@code streams} track unchanged.
 */
public final class StreamsSchema {
    /** Every script of the track, in order. */
    static final List<String> SCRIPTS = List.of("V001__streams.sql");

    private static final String DIRECTORY = "/io/thingcore/streams/store/migrations/";

    private StreamsSchema() {}

    /** Applies the scripts the database lacks. */
    public static void migrate(ConnectionSource connections, Clock clock) throws SQLException {
        try (Connection c = connections.connection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS streams_schema_version ("
                        + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            int current = currentVersion(c);
            if (current > SCRIPTS.size()) {
                throw new IllegalStateException("the streams schema of this database has version " + current
                        + ", newer than this thingcore knows (" + SCRIPTS.size()
                        + "): upgrade thingcore or use another database");
            }
            for (int version = current + 1; version <= SCRIPTS.size(); version++) {
                String name = SCRIPTS.get(version - 1);
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    for (String statement : statements(read(name))) {
                        s.execute(statement);
                    }
                    try (PreparedStatement insert = c.prepareStatement(
                            "INSERT INTO streams_schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                        insert.setInt(1, version);
                        insert.setString(2, name);
                        insert.setLong(3, clock.millis());
                        insert.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM streams_schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    static String read(String name) {
        try (InputStream in = StreamsSchema.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + DIRECTORY + name + " is missing");
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
