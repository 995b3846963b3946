/**
 * Backups of a gateway's database while the gateway runs: {@link io.thingcore.storage.backup.SqliteSnapshot} writes a
 * consistent copy of a SQLite database with {@code VACUUM INTO} (one read transaction, so the copy is the database as
 * of one commit, while the gateway goes on writing through WAL) and checks the copy before it takes the target's name.
 * PostgreSQL has its own tool for this ({@code pg_dump}, itself a consistent snapshot); nothing here speaks to it.
 *
 * <p>Runs on the caller's thread and blocks on JDBC and file I/O; never call it from an event loop.
 */
@NullMarked
package io.thingcore.storage.backup;

import org.jspecify.annotations.NullMarked;
