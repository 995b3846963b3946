package io.thingcore.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the gateway finds sqlite-jdbc's native library unpacked by the build, instead of extracting it again. */
class SqliteLibraryTest {
    @TempDir
    Path temp;

    @Test
    void theFirstLibraryPathDirectoryWithTheFolderSqliteJdbcWouldExtractWins() throws Exception {
        Path system = Files.createDirectories(temp.resolve("usr-lib"));
        Path unpacked = Files.createDirectories(temp.resolve("native/Linux/x86_64"));
        Files.write(unpacked.resolve("libsqlitejdbc.so"), new byte[] {0x7f, 'E', 'L', 'F'});
        String libraryPath = String.join(
                File.pathSeparator,
                system.toString(),
                "",
                temp.resolve("native").toString());

        assertThat(SqliteLibrary.find(libraryPath, "Linux/x86_64")).isEqualTo(unpacked);
    }

    @Test
    void anotherPlatformsFolderIsNotUsed() throws Exception {
        Path unpacked = Files.createDirectories(temp.resolve("native/Linux/aarch64"));
        Files.write(unpacked.resolve("libsqlitejdbc.so"), new byte[] {0x7f, 'E', 'L', 'F'});

        assertThat(SqliteLibrary.find(temp.resolve("native").toString(), "Linux-Musl/x86_64"))
                .isNull();
    }
}
