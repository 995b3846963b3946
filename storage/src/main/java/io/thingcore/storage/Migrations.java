package io.thingcore.storage;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the scripts of a {@link MigrationTrack} in order, each in its own transaction together with its row
 * {@code (track, version)} in {@code schema_migrations}. A track whose recorded version is newer than this build knows
 * is refused: running old code on a newer schema could silently lose data.
 *
 * <p>Databases written before tracks existed have one {@code schema_version} table numbering every script of the
 * gateway in one sequence. Its rows are carried into {@code schema_migrations} under the track that now owns each
 * script ({@link #LEGACY}), in one transaction, and {@code schema_version} is left holding the single version
 * {@link #LEGACY_TOMBSTONE}, so that a thingcore from before tracks refuses the database as "newer" instead of
 * re-running its first script.
 */
public final class Migrations {
    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    /** The storage core's own track: the node registration table of the node lock. */
    public static final MigrationTrack STORAGE =
            new MigrationTrack("storage", "/io/thingcore/storage/migrations/", List.of("V001__gateway_node.sql"));

    /** The legacy {@code schema_version} numbering: its version N became version 1 of the track that owns it. */
    record LegacyScript(String track, int version, String name) {}

    static final List<LegacyScript> LEGACY = List.of(
            new LegacyScript("registry", 1, "V001__initial.sql"),
            new LegacyScript("sessions", 1, "V001__sessions.sql"),
            new LegacyScript("storage", 1, "V001__gateway_node.sql"));

    /** What a migrated {@code schema_version} holds: above every legacy version, so old builds refuse the database. */
    static final long LEGACY_TOMBSTONE = 1000;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");

    private Migrations() {}

    /**
     * Creates {@code schema_migrations} if needed (carrying a legacy {@code schema_version} over), then applies the
     * scripts of {@code track} not yet recorded, with {@code parameters} substituted for their placeholders.
     *
     * @throws IllegalStateException when the database holds a newer version of the track than this build
     */
    public static void apply(Database database, Clock clock, MigrationTrack track, Map<String, String> parameters) {
        database.write(sql -> {
            sql.execute("CREATE TABLE IF NOT EXISTS schema_migrations (track TEXT NOT NULL, version BIGINT NOT NULL,"
                    + " name TEXT NOT NULL, applied_at BIGINT NOT NULL, PRIMARY KEY (track, version))");
            adoptLegacy(database, sql, clock);
            return null;
        });
        for (String script : track.scripts()) {
            int version = MigrationTrack.version(script);
            database.write(sql -> {
                long current = sql.count(
                        "SELECT COALESCE(MAX(version), 0) FROM schema_migrations WHERE track = ?", track.name());
                if (current > track.latestVersion()) {
                    throw new IllegalStateException(
                            "the database " + database.url().displayName() + " has version "
                                    + current + " of the " + track.name() + " schema, newer than this thingcore knows ("
                                    + track.latestVersion()
                                    + "); it was written by a newer thingcore: upgrade thingcore or use another database");
                }
                if (current >= version) {
                    return null;
                }
                for (String statement : statements(substitute(track.read(script, database.dialect()), parameters))) {
                    sql.execute(statement);
                }
                sql.update(
                        "INSERT INTO schema_migrations (track, version, name, applied_at) VALUES (?, ?, ?, ?)",
                        track.name(),
                        (long) version,
                        script,
                        clock.millis());
                LOG.info("database {}: applied migration {} {}", database.url(), track.name(), script);
                return null;
            });
        }
    }

    private static void adoptLegacy(Database database, Sql sql, Clock clock) throws SQLException {
        String exists = database.dialect() == DatabaseUrl.Dialect.SQLITE
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_name = 'schema_version'";
        if (sql.count(exists) == 0) {
            return;
        }
        List<long[]> rows = sql.list(
                "SELECT version, applied_at FROM schema_version WHERE version < ? ORDER BY version",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                LEGACY_TOMBSTONE);
        if (rows.isEmpty()) {
            return;
        }
        for (long[] row : rows) {
            if (row[0] < 1 || row[0] > LEGACY.size()) {
                throw new IllegalStateException("the database " + database.url().displayName()
                        + " has schema version " + row[0] + ", newer than this thingcore knows (" + LEGACY.size()
                        + "); it was written by a newer thingcore: upgrade thingcore or use another database");
            }
            LegacyScript script = LEGACY.get((int) row[0] - 1);
            sql.update(
                    "INSERT INTO schema_migrations (track, version, name, applied_at) VALUES (?, ?, ?, ?)",
                    script.track(),
                    (long) script.version(),
                    script.name(),
                    row[1]);
        }
        sql.update("DELETE FROM schema_version");
        sql.update(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                LEGACY_TOMBSTONE,
                "tracks: see schema_migrations",
                clock.millis());
        LOG.info("database {}: carried {} schema_version rows into schema_migrations", database.url(), rows.size());
    }

    /** Replaces each {@code ${name}} by its value, as an SQL string literal's content (quotes doubled). */
    static String substitute(String script, Map<String, String> parameters) {
        Matcher matcher = PLACEHOLDER.matcher(script);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = parameters.get(matcher.group(1));
            if (value == null) {
                throw new IllegalStateException("migration parameter " + matcher.group(1) + " is not given");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.replace("'", "''")));
        }
        matcher.appendTail(out);
        return out.toString();
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
