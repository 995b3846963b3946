package io.thingcore.streams.files;

import io.thingcore.streams.model.S3Location;
import java.io.InputStream;

/**
 * Reads stream files by their {@code S3Location}. Blocking: call from worker threads only.
 */
public interface StreamFileSource {
    /**
     * What is at {@code location} now (its version when given, else the current one): the stream pins it.
     *
     * @throws FileSourceException NOT_FOUND, ACCESS_DENIED or FAILED
     */
    ObjectInfo describe(S3Location location);

    /**
     * {@code length} bytes from {@code offset} of the pinned object {@code pinned} at {@code location}; fewer only
     * at the object's end.
     *
     * @throws FileSourceException CHANGED when the object is no longer the pinned one, or NOT_FOUND, ACCESS_DENIED,
     *     FAILED
     */
    byte[] read(S3Location location, ObjectInfo pinned, long offset, int length);

    /**
     * The whole pinned object, to check it (the caller closes the stream).
     *
     * @throws FileSourceException as {@link #read}
     */
    InputStream open(S3Location location, ObjectInfo pinned);
}
