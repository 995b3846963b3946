package io.thingcore.storage.backup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * A consistent copy of a SQLite database taken while other connections write to it.
 *
 * <p>{@code VACUUM INTO} (SQLite documentation, "VACUUM", section "VACUUM INTO") reads the database in one read
 * transaction and writes a new, compacted database file: in WAL mode the gateway's writer is not blocked, and the copy
 * holds every transaction committed before the read began and nothing of any later one. The copy is written under a
 * temporary name beside the target, synced, checked with {@code PRAGMA integrity_check}, and only then renamed, so a
 * file at the target's name is always a whole, checked backup.
 */
public final class SqliteSnapshot {
    /** How long the copy waits for a lock a writer holds (the same bound as the gateway's own connections). */
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private SqliteSnapshot() {}

    /** What was written: the backup file, its size, and the integrity check's verdict on it ("ok"). */
    public record Copy(Path file, long bytes, String integrity) {}

    /**
     * Copies {@code database} to {@code target}, which must not exist yet.
     *
     * @throws NoSuchFileException if {@code database} is not a file (SQLite would otherwise create an empty one)
     * @throws FileAlreadyExistsException if {@code target} exists (a backup never overwrites another)
     * @throws IOException if the copy cannot be written or fails its integrity check
     */
    public static Copy copy(Path database, Path target) throws IOException {
        Path source = database.toAbsolutePath().normalize();
        Path destination = target.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "no SQLite database there");
        }
        if (Files.exists(destination)) {
            throw new FileAlreadyExistsException(destination.toString(), null, "a backup never overwrites a file");
        }
        Path parent = destination.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path partial = destination.resolveSibling(destination.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try {
            vacuumInto(source, partial);
            sync(partial);
            String integrity = integrityCheck(partial);
            if (!integrity.equals("ok")) {
                throw new IOException("the copy of " + source + " failed PRAGMA integrity_check: " + integrity);
            }
            Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
            return new Copy(destination, Files.size(destination), integrity);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static void vacuumInto(Path source, Path partial) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        // Open, never create: a mistyped path must not leave an empty database behind.
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + source);
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, partial.toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new IOException("cannot copy " + source + ": " + e.getMessage(), e);
        }
    }

    /** VACUUM INTO does not sync the file it writes; a backup that a power cut can lose is not one. */
    private static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static String integrityCheck(Path file) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        List<String> rows = new ArrayList<>();
        try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA integrity_check")) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        } catch (SQLException e) {
            throw new IOException("cannot check the copy " + file + ": " + e.getMessage(), e);
        }
        return String.join("; ", rows);
    }
}
