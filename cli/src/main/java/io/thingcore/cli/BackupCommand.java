package io.thingcore.cli;

import io.thingcore.cli.lifecycle.GatewayInDataDir;
import io.thingcore.storage.DatabaseUrl;
import io.thingcore.storage.backup.SqliteSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thingcore backup --to FILE}: a consistent copy of the gateway's SQLite database, taken while the gateway runs
 * (no need to stop it). For PostgreSQL it prints the {@code pg_dump} command that does the same.
 */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Copy the gateway's SQLite database to FILE while the gateway runs: a consistent snapshot, checked with"
                    + " PRAGMA integrity_check. For a PostgreSQL --db, prints the pg_dump command to use instead.",
            "Restore: stop the gateway, replace DATA_DIR/registry.db with FILE (delete registry.db-wal and"
                    + " registry.db-shm), start it.",
            "Exit codes: 0 written, 1 failed, 2 PostgreSQL (nothing written)."
        })
public final class BackupCommand implements Callable<Integer> {
    /** The gateway's default database in its data directory (server's {@code Gateway}). */
    static final String REGISTRY_FILE = "registry.db";

    static final int EXIT_USE_PG_DUMP = 2;

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The backup file (must not exist).")
    Path to;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The gateway's data directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.thingcore")
    Path dataDir;

    @Option(
            names = "--db",
            paramLabel = "URL",
            description = "The database the gateway was started with, if not the SQLite file in the data dir.")
    @Nullable
    String databaseUrl;

    @Override
    public Integer call() {
        GatewayInDataDir gateway = new GatewayInDataDir(dataDir);
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(
                    databaseUrl != null
                            ? databaseUrl
                            : "jdbc:sqlite:" + gateway.dataDir().resolve(REGISTRY_FILE));
        } catch (IllegalArgumentException e) {
            System.err.println("thingcore: " + e.getMessage());
            return 1;
        }
        if (url.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
            System.err.println("thingcore: backup copies SQLite databases; for " + url.displayName()
                    + " use PostgreSQL's pg_dump, itself a consistent snapshot of a running database:");
            System.err.println("  " + pgDumpCommand(url, to));
            return EXIT_USE_PG_DUMP;
        }
        SqliteSnapshot.Copy copy;
        try {
            copy = SqliteSnapshot.copy(url.sqliteFile(), to);
        } catch (NoSuchFileException e) {
            System.err.println("thingcore: no SQLite database at " + url.sqliteFile()
                    + " (--data-dir DIR names the gateway's data dir; a gateway started with --db takes the same"
                    + " --db here)");
            return 1;
        } catch (FileAlreadyExistsException e) {
            System.err.println("thingcore: " + e.getFile() + " exists; a backup never overwrites a file (pick another"
                    + " --to FILE)");
            return 1;
        } catch (IOException e) {
            System.err.println("thingcore: backup failed: " + e.getMessage());
            return 1;
        }
        OptionalLong holder = gateway.holderPid();
        System.out.println("backed up " + url.sqliteFile() + " to " + copy.file() + " (" + copy.bytes()
                + " bytes, integrity " + copy.integrity()
                + (holder.isPresent() ? ", gateway pid " + holder.getAsLong() + " running" : "") + ")");
        return 0;
    }

    /**
     * The {@code pg_dump} command line for {@code url}'s database: host, port, database and user from the URL; the
     * password never on the command line (pg_dump reads {@code PGPASSWORD} or {@code ~/.pgpass}).
     */
    static String pgDumpCommand(DatabaseUrl url, Path file) {
        URI uri;
        try {
            uri = new URI(url.jdbcUrl().substring("jdbc:".length()));
        } catch (URISyntaxException e) {
            return "pg_dump --format=custom --file=" + shellQuoted(file.toString())
                    + " with the --host, --port, --username and --dbname of your --db";
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(
                            pair.substring(0, equals).toLowerCase(Locale.ROOT),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        StringBuilder command = new StringBuilder("pg_dump --format=custom");
        if (uri.getHost() != null) {
            command.append(" --host=").append(shellQuoted(uri.getHost()));
        }
        if (uri.getPort() != -1) {
            command.append(" --port=").append(uri.getPort());
        }
        String user = parameters.get("user");
        if (user != null) {
            command.append(" --username=").append(shellQuoted(user));
        }
        String database = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        command.append(" --dbname=").append(shellQuoted(database));
        command.append(" --file=").append(shellQuoted(file.toString()));
        return command.toString();
    }

    private static String shellQuoted(String value) {
        return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
