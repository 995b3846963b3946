package io.thingcore.streams.files;

import io.thingcore.streams.model.S3Location;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a gateway reads stream files: the bucket {@link #OWN_BUCKET} is its own {@link LocalFileStore}, every other
 * bucket the S3-compatible store of {@code --s3-endpoint} when one is configured. A stream names both the same way,
 * by {@code s3Location} (bucket, key, version; {@code iot} API model, shape {@code S3Location}), so a stream made
 * against the gateway's own store reads like one made against S3.
 */
public final class GatewayFiles implements StreamFileSource {
    /** The bucket name of the gateway's own store; S3 bucket names are global, and this one is not used on S3. */
    public static final String OWN_BUCKET = "thingcore-files";

    private final LocalFileStore own;
    private final @Nullable StreamFileSource s3;

    /**
     * @param own the gateway's own store
     * @param s3 the S3-compatible store, or null when the gateway has none (other buckets are then not found)
     */
    public GatewayFiles(LocalFileStore own, @Nullable StreamFileSource s3) {
        this.own = Objects.requireNonNull(own, "own");
        this.s3 = s3;
    }

    public LocalFileStore own() {
        return own;
    }

    private StreamFileSource sourceOf(S3Location location) {
        if (OWN_BUCKET.equals(location.bucket())) {
            return own;
        }
        if (s3 == null) {
            throw new FileSourceException(
                    FileSourceException.Reason.NOT_FOUND,
                    "no S3-compatible store is configured (start thingcore with --s3-endpoint); this gateway's own"
                            + " files are in bucket " + OWN_BUCKET);
        }
        return s3;
    }

    @Override
    public ObjectInfo describe(S3Location location) {
        return sourceOf(location).describe(location);
    }

    @Override
    public byte[] read(S3Location location, ObjectInfo pinned, long offset, int length) {
        return sourceOf(location).read(location, pinned, offset, length);
    }

    @Override
    public InputStream open(S3Location location, ObjectInfo pinned) {
        return sourceOf(location).open(location, pinned);
    }
}
