/**
 * The record of refused connections: why each connection was refused, in words a device developer understands and
 * with the likely fix ({@link io.thingcore.broker.refusals.RefusalReason}), written as one paced WARN line per refused
 * connection and kept in a bounded ring ({@link io.thingcore.broker.refusals.RefusedConnections}) that the console's
 * "Refused connections" page reads. One instance per broker. Called from event loops (the TLS stage, the CONNECT stage)
 * and read from any thread; nothing here blocks beyond a short monitor.
 */
@NullMarked
package io.thingcore.broker.refusals;

import org.jspecify.annotations.NullMarked;
