/**
 * Durable streams: {@link io.thingcore.streams.store.StreamStore} and its JDBC implementation on the storage core's
 * {@link io.thingcore.storage.Database}, with the store's own migration track {@code streams}
 * ({@code migrations/V001__streams.sql}, portable between SQLite and PostgreSQL) applied when the gateway opens its
 * storage. Tables {@code streams} and {@code stream_files}; the namespace ({@link io.thingcore.registry.Account}:
 * account, region) leads every key.
 *
 * <p>Threads: the callers' worker threads; every method blocks on JDBC and must never run on an event loop. Each
 * method is one transaction; concurrent updates of one stream are settled by its version column.
 */
@NullMarked
package io.thingcore.streams.store;

import org.jspecify.annotations.NullMarked;
