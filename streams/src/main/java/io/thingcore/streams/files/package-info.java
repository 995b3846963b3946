/**
 * Where stream files come from. A stream file is an {@code S3Location} (bucket, key, optional version; {@code iot} API
 * model): {@link io.thingcore.streams.files.S3FileSource} reads it from any S3-compatible store through the AWS SDK
 * for Java v2 (endpoint override, path-style addressing), {@link io.thingcore.streams.files.LocalFileStore} from the
 * gateway's own store in its data directory, where the version of an object is the SHA-256 of its content.
 * {@link io.thingcore.streams.files.FileChecks} verifies a file's size and SHA-256.
 *
 * <p>Threads: the callers' worker threads (the reserved-topic services' executor, the API's workers); every method
 * may block on disk or network I/O and must never run on an event loop.
 */
@NullMarked
package io.thingcore.streams.files;

import org.jspecify.annotations.NullMarked;
