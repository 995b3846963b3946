package io.thingcore.streams.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.streams.model.S3Location;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's own file store: objects by bucket, key and version (the content's SHA-256). */
class LocalFileStoreTest {
    static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @TempDir
    Path root;

    ObjectInfo put(LocalFileStore store, String key, String text) throws Exception {
        return store.put("firmware", key, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void put_versionIsTheContentSha256_andReadsBack() throws Exception {
        LocalFileStore store = new LocalFileStore(root);
        ObjectInfo info = put(store, "dir/app.gbl", "hello");
        assertThat(info).isEqualTo(new ObjectInfo(5, HELLO_SHA256, HELLO_SHA256));
        S3Location current = new S3Location("firmware", "dir/app.gbl", null);
        assertThat(store.describe(current)).isEqualTo(info);
        assertThat(store.read(current, info, 1, 3)).isEqualTo("ell".getBytes(StandardCharsets.UTF_8));
        assertThat(store.read(current, info, 3, 100)).isEqualTo("lo".getBytes(StandardCharsets.UTF_8));
        FileChecks.Digest digest = FileChecks.digest(store, current, info);
        assertThat(digest.matches(5, HELLO_SHA256)).isTrue();
        assertThat(digest.matches(6, HELLO_SHA256)).isFalse();
        assertThat(digest.matches(5, "00" + HELLO_SHA256.substring(2))).isFalse();
    }

    @Test
    void newContent_becomesCurrent_andTheOldVersionStaysReadable() throws Exception {
        LocalFileStore store = new LocalFileStore(root);
        ObjectInfo v1 = put(store, "app", "hello");
        ObjectInfo v2 = put(store, "app", "world!");
        assertThat(store.describe(new S3Location("firmware", "app", null))).isEqualTo(v2);
        S3Location pinnedV1 = new S3Location("firmware", "app", v1.version());
        assertThat(store.describe(pinnedV1)).isEqualTo(v1);
        assertThat(store.read(pinnedV1, v1, 0, 10)).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(put(store, "app", "hello")).as("same bytes, same version").isEqualTo(v1);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")))
                    .as("no temporary file left")
                    .isEmpty();
        }
    }

    @Test
    void keysAreData_neverPaths() throws Exception {
        LocalFileStore store = new LocalFileStore(root.resolve("store"));
        ObjectInfo info = put(store, "../../escape", "x");
        assertThat(store.describe(new S3Location("firmware", "../../escape", null)))
                .isEqualTo(info);
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).containsExactly(root.resolve("store"));
        }
        assertThatThrownBy(() -> store.put("..", "k", new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put("Upper", "k", new ByteArrayInputStream(new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownBucketKeyOrVersion_notFound() throws Exception {
        LocalFileStore store = new LocalFileStore(root);
        put(store, "app", "hello");
        for (S3Location missing : new S3Location[] {
            new S3Location("firmware", "other", null),
            new S3Location("nobucket", "app", null),
            new S3Location("../firmware", "app", null),
            new S3Location("firmware", "app", "0".repeat(64)),
            new S3Location("firmware", "app", "../../etc/passwd")
        }) {
            assertThatThrownBy(() -> store.describe(missing))
                    .isInstanceOfSatisfying(
                            FileSourceException.class,
                            e -> assertThat(e.reason()).isEqualTo(FileSourceException.Reason.NOT_FOUND));
        }
    }
}
