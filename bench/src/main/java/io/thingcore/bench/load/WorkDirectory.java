package io.thingcore.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A run's scratch directory under the system's temporary directory, removed with everything in it when closed.
 *
 * <p>A run writes its brokers' data, configuration, server keys and the devices' certificates here. None of it is of
 * use after the run, and the keys should not outlive it. The removal is best effort: a file that cannot be removed
 * (another process still holds the directory) is left rather than failing the run whose figures are already
 * measured.
 */
public final class WorkDirectory implements AutoCloseable {

    private final Path path;

    private WorkDirectory(Path path) {
        this.path = path;
    }

    /** Creates a new directory whose name starts with {@code prefix}, readable by its owner only. */
    public static WorkDirectory create(String prefix) {
        try {
            return new WorkDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(WorkDirectory::deleteIfPossible);
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort, as the class says: the walk itself failed, so nothing more can be removed.
        }
    }

    private static void deleteIfPossible(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Best effort: the rest of the tree is still removed.
        }
    }
}
