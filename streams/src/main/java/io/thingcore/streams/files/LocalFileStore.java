package io.thingcore.streams.files;

import io.thingcore.streams.model.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's own file store, for users without an S3-compatible store: objects addressed like S3 objects, by
 * bucket, key and version, in a directory of the data directory.
 *
 * <p>Versions are the SHA-256 of the content (lowercase hex), not a counter: putting the same bytes twice gives the
 * same version and stores them once; a version names exactly one content, so a stream pinned to it can never be
 * served other bytes, and reading it back can be verified against its name. The current version of a key is the
 * last one put.
 *
 * <p>Layout: {@code <root>/<bucket>/<sha256(key)>/} holds {@code key} (the key itself, for people), {@code current}
 * (the current version) and {@code v/<version>} (the content). Keys are hashed into directory names, so no key (with
 * {@code ../}, {@code /} or 1,024 characters) can name a path outside its directory; bucket names must follow S3's
 * naming rules (3 to 63 characters of {@code [a-z0-9.-]}, starting and ending with a letter or digit) and cannot
 * be {@code .} or {@code ..}. Every file is written to a temporary file in the same directory, forced to disk, and
 * moved into place atomically: a crash leaves either the old or the new object, never a torn one.
 *
 * <p>Threads: any; concurrent puts of one key are safe (each move is atomic; the last one becomes current).
 */
public final class LocalFileStore implements StreamFileSource {
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    /** A store in {@code root} (created when missing), such as {@code <data dir>/files}. */
    public LocalFileStore(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file store " + root, e);
        }
    }

    /** Whether {@code bucket} is a bucket name this store accepts (S3's naming rules). */
    public static boolean isBucketName(@Nullable String bucket) {
        return bucket != null && BUCKET.matcher(bucket).matches() && !bucket.contains("..");
    }

    /**
     * Stores {@code content} as the new current version of {@code bucket}/{@code key}.
     *
     * @return the stored object: its size, and its SHA-256 as version and entity tag
     * @throws IllegalArgumentException for a bucket name outside S3's rules or an empty key
     */
    public ObjectInfo put(String bucket, String key, InputStream content) throws IOException {
        Path dir = objectDirectory(bucket, key);
        Path versions = dir.resolve("v");
        Files.createDirectories(versions);
        Path temp = Files.createTempFile(versions, ".put-", ".tmp");
        try {
            MessageDigest sha = FileChecks.sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                size = content.transferTo(out);
            }
            force(temp);
            String version = HexFormat.of().formatHex(sha.digest());
            Path target = versions.resolve(version);
            if (Files.exists(target)) {
                Files.delete(temp);
            } else {
                moveAtomically(temp, target);
            }
            writeAtomically(dir.resolve("key"), key);
            writeAtomically(dir.resolve("current"), version);
            return new ObjectInfo(size, version, version);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public ObjectInfo describe(S3Location location) {
        Path content = content(location, location.version());
        try {
            long size = Files.size(content);
            String version = content.getFileName().toString();
            return new ObjectInfo(size, version, version);
        } catch (NoSuchFileException e) {
            throw notFound(location);
        } catch (IOException e) {
            throw new FileSourceException(FileSourceException.Reason.FAILED, "file store: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] read(S3Location location, ObjectInfo pinned, long offset, int length) {
        Path content = content(location, pinned.version());
        try (FileChannel channel = FileChannel.open(content, StandardOpenOption.READ)) {
            long available = Math.max(0, channel.size() - offset);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, available));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    break;
                }
            }
            return buffer.array();
        } catch (NoSuchFileException e) {
            throw notFound(location);
        } catch (IOException e) {
            throw new FileSourceException(FileSourceException.Reason.FAILED, "file store: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(S3Location location, ObjectInfo pinned) {
        try {
            return Files.newInputStream(content(location, pinned.version()));
        } catch (NoSuchFileException e) {
            throw notFound(location);
        } catch (IOException e) {
            throw new FileSourceException(FileSourceException.Reason.FAILED, "file store: " + e.getMessage(), e);
        }
    }

    /** The content file of {@code version} (the current one when null); NOT_FOUND for names this store never makes. */
    private Path content(S3Location location, @Nullable String version) {
        if (!isBucketName(location.bucket())
                || location.key() == null
                || location.key().isEmpty()) {
            throw notFound(location);
        }
        Path dir = objectDirectory(location.bucket(), location.key());
        String v = version;
        if (v == null || v.isEmpty()) {
            try {
                v = Files.readString(dir.resolve("current"), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw notFound(location);
            }
        }
        if (!VERSION.matcher(v).matches()) {
            throw notFound(location);
        }
        return dir.resolve("v").resolve(v);
    }

    private Path objectDirectory(String bucket, String key) {
        if (!isBucketName(bucket)) {
            throw new IllegalArgumentException(
                    "bucket names are 3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
        }
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("the key must not be empty");
        }
        MessageDigest sha = FileChecks.sha256();
        String hashedKey = HexFormat.of().formatHex(sha.digest(key.getBytes(StandardCharsets.UTF_8)));
        return root.resolve(bucket).resolve(hashedKey);
    }

    private static FileSourceException notFound(S3Location location) {
        return new FileSourceException(
                FileSourceException.Reason.NOT_FOUND, "no object for this bucket, key and version");
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".write-", ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            force(temp);
            moveAtomically(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot replace files atomically", e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
