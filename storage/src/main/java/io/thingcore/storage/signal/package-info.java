/**
 * Wake-ups between the nodes of one database: {@link io.thingcore.storage.signal.DatabaseSignal} tells the other nodes
 * that something was committed (on PostgreSQL through {@code NOTIFY}, received with {@code LISTEN} on one dedicated
 * connection outside the pool), so that they read what changed without waiting for their next poll. A signal carries
 * no data and may be lost (a node reconnecting misses the ones sent meanwhile): readers poll as well.
 *
 * <p>Threads: {@code thingcore-database-listener} waits for notifications and runs the callback; {@code send} runs
 * on the caller's thread and blocks on JDBC.
 */
@NullMarked
package io.thingcore.storage.signal;

import org.jspecify.annotations.NullMarked;
