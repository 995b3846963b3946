/**
 * The stream operations of the AWS IoT control plane ({@code iot} API model: {@code CreateStream},
 * {@code DescribeStream}, {@code ListStreams}, {@code UpdateStream}, {@code DeleteStream}) with AWS's rules and error
 * types, over a {@link io.thingcore.streams.store.StreamStore} and a
 * {@link io.thingcore.streams.files.StreamFileSource}: creating or updating a stream pins each file's size, version and
 * entity tag, which is what devices then receive. Also the read path of the device-side service
 * ({@link io.thingcore.streams.control.Streams#find}), served from memory after the first read.
 *
 * <p>Threads: the callers' worker threads (API workers, the reserved-topic services' executor); operations block on
 * the store and the file source. The in-memory view is a concurrent map, changed only by this object's own writes
 * (one gateway per database, ADR 6), so it is never staler than the last committed write.
 */
@NullMarked
package io.thingcore.streams.control;

import org.jspecify.annotations.NullMarked;
