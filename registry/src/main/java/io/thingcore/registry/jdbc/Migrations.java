package io.thingcore.registry.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbered schema migrations ({@code migrations/V001__initial.sql}, ...), applied in order when the registry opens,
 * each in its own transaction together with its row in {@code schema_version}. A database whose schema is newer than
 * this build knows is refused: running old code on a newer schema could silently lose data.
 */
final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** Every migration of this build, in order; a resource listed here must exist (checked by a test). */
    static final List<String> ALL = List.of("V001__initial.sql", "V002__sessions.sql", "V003__gateway_node.sql");

    private static final Pattern NAME = Pattern.compile("V(\\d{3})__([a-z0-9_]+)\\.sql");
    private static final String RESOURCE_DIRECTORY = "/io/thingcore/registry/migrations/";

    private Migrations() {}

    static int latestVersion() {
        return version(ALL.get(ALL.size() - 1));
    }

    static void apply(Database database, Clock clock) {
        database.write(sql -> {
            sql.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            return null;
        });
        for (String migration : ALL) {
            int version = version(migration);
            database.write(sql -> {
                long current = sql.count("SELECT COALESCE(MAX(version), 0) FROM schema_version");
                if (current > latestVersion()) {
                    throw new IllegalStateException("the registry database " + database.url() + " has schema version "
                            + current + ", newer than this thingcore knows (" + latestVersion()
                            + "); it was written by a newer thingcore: upgrade thingcore or use another database");
                }
                if (sql.count("SELECT COUNT(*) FROM schema_version WHERE version = ?", (long) version) > 0) {
                    return null;
                }
                for (String statement : statements(read(migration))) {
                    sql.execute(statement);
                }
                sql.update(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        (long) version,
                        migration,
                        clock.millis());
                LOG.info("registry database {}: applied migration {}", database.url(), migration);
                return null;
            });
        }
    }

    static int version(String migration) {
        Matcher matcher = NAME.matcher(migration);
        if (!matcher.matches()) {
            throw new IllegalStateException("migration name " + migration + " does not match V000__name.sql");
        }
        return Integer.parseInt(matcher.group(1));
    }

    static String read(String migration) {
        try (InputStream in = Migrations.class.getResourceAsStream(RESOURCE_DIRECTORY + migration)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + RESOURCE_DIRECTORY + migration + " is missing");
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
