/**
 * Durable storage of the MQTT broker's persistent sessions, owned by the side that owns sessions: {@link
 * io.thingcore.sessions.JdbcSessionStore} keeps them in their own tables and migration track ({@code sessions}) of
 * the gateway's database (the storage core, {@code io.thingcore.storage}), and {@link
 * io.thingcore.sessions.BrokerSessionStore} is the broker's {@code SessionStore} SPI on it. The registry knows
 * nothing of sessions.
 *
 * <p>Threads: called by the broker's single session-writer thread (writes) and once at broker start-up (load); never
 * on an event loop. Session writes run their own transactions on their own tables and take no registry lock.
 */
@NullMarked
package io.thingcore.sessions;

import org.jspecify.annotations.NullMarked;
