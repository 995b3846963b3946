package io.thingcore.storage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.sqlite.util.OSInfo;

/**
 * Points sqlite-jdbc at an unpacked copy of its native library when one is on {@code java.library.path}.
 *
 * <p>sqlite-jdbc otherwise copies the library out of its jar into the temporary directory at every start (1.1 MB,
 * about 75 ms of a one-core start) and looks on {@code java.library.path} only when that fails; a process that does
 * not exit normally leaves the copy and its lock file behind. The thingcore launcher puts {@code cli/target/native},
 * which the build fills from the jar, on {@code java.library.path}; this looks there for the file sqlite-jdbc would
 * extract ({@code <os>/<arch>/libsqlitejdbc.so}, the folder its {@link OSInfo} names) and, if found, sets the two
 * properties sqlite-jdbc reads first ({@code org.sqlite.lib.path}, {@code org.sqlite.lib.name}). Properties already set
 * by the user are left alone. Call before the first SQLite connection opens.
 */
final class SqliteLibrary {
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static final String FILE_NAME = "libsqlitejdbc.so";

    private SqliteLibrary() {}

    static synchronized void preferUnpacked() {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return;
        }
        Path directory = find(System.getProperty("java.library.path", ""), OSInfo.getNativeLibFolderPathForCurrentOS());
        if (directory != null) {
            System.setProperty(PATH_PROPERTY, directory.toString());
            System.setProperty(NAME_PROPERTY, FILE_NAME);
        }
    }

    /** {@code folder} under the first directory of {@code libraryPath} that has the library in it, or null. */
    static @Nullable Path find(String libraryPath, String folder) {
        for (String directory : libraryPath.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, folder);
            if (Files.isRegularFile(candidate.resolve(FILE_NAME))) {
                return candidate;
            }
        }
        return null;
    }
}
