/**
 * The storage core every store shares (docs/adr/0007-storage-core-namespaces-and-change-feed.md): {@link
 * io.thingcore.storage.Storage} opens a gateway's one database (SQLite by default, PostgreSQL by URL; {@link
 * io.thingcore.storage.DatabaseUrl}) behind its {@link io.thingcore.storage.NodeLock} (one gateway node per database,
 * docs/adr/0006-one-gateway-node-per-database.md); {@link io.thingcore.storage.Database} is the connection pool and
 * transaction discipline, {@link io.thingcore.storage.Sql} the portable SQL helper, and {@link
 * io.thingcore.storage.Migrations} applies each store family's numbered scripts ({@link
 * io.thingcore.storage.MigrationTrack}) and records them as {@code (track, version)}; {@link
 * io.thingcore.storage.SqliteLibrary} points sqlite-jdbc at the native library the build unpacked. Store families
 * (the registry, the MQTT session store, and those to come: shadows, jobs, streams, retained messages, groups) live in
 * their own modules or packages with their own tracks and tables, and depend on this package; it depends on none of
 * them.
 *
 * <p>Runs on the callers' worker threads and blocks on JDBC; never call it from an event loop.
 */
@NullMarked
package io.thingcore.storage;

import org.jspecify.annotations.NullMarked;
