package io.thingcore.streams.files;

import io.thingcore.streams.model.S3Location;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Size and SHA-256 checks of a stream file, before devices are told to fetch it: a file that is not what its creator
 * announced is refused before any device spends its battery on it.
 */
public final class FileChecks {
    private FileChecks() {}

    /**
     * The result of a check.
     *
     * @param size the bytes read
     * @param sha256 their SHA-256, lowercase hex
     */
    public record Digest(long size, String sha256) {
        /** Whether this is {@code expectedSize} bytes (when not negative) with {@code expectedSha256} (when given). */
        public boolean matches(long expectedSize, @Nullable String expectedSha256) {
            return (expectedSize < 0 || size == expectedSize)
                    && (expectedSha256 == null || sha256.equalsIgnoreCase(expectedSha256));
        }
    }

    /** Reads the pinned object once and returns its size and SHA-256. */
    public static Digest digest(StreamFileSource source, S3Location location, ObjectInfo pinned) {
        try (InputStream in = source.open(location, pinned)) {
            return digest(in);
        } catch (IOException e) {
            throw new FileSourceException(FileSourceException.Reason.FAILED, "reading the file failed: " + e, e);
        }
    }

    /** Reads {@code in} to its end and returns the size and SHA-256 of what was read (the caller closes it). */
    public static Digest digest(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            sha.update(buffer, 0, n);
            size += n;
        }
        return new Digest(size, HexFormat.of().formatHex(sha.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
