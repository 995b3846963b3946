/**
 * Durable streams: {@link io.thingcore.streams.store.StreamStore} and its JDBC implementation over plain
 * {@code java.sql.Connection}s from a {@link io.thingcore.streams.store.ConnectionSource}, with the store's own
 * numbered migrations ({@code migrations/V001__streams.sql}, portable between SQLite and PostgreSQL), so that it can be
 * attached to any database the gateway already opened. Tables {@code streams} and {@code stream_files}; the namespace
 * (account, region) leads every key.
 *
 * <p>Threads: the callers' worker threads; every method blocks on JDBC and must never run on an event loop. Each
 * method is one transaction; concurrent updates of one stream are settled by its version column.
 */
package io.thingcore.streams.store;
