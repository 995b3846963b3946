/**
 * Durable storage of the MQTT broker's persistent sessions (tables of migration {@code V002__sessions.sql}) on the
 * registry's database: {@link io.thingcore.registry.sessions.JdbcSessionStore}, obtained from
 * {@code JdbcRegistry.sessionStore()}. The {@code server} module adapts it to the broker's {@code SessionStore} SPI.
 *
 * <p>Threads: called by the broker's single session-writer thread (writes) and once at broker start-up (load); never
 * on an event loop. Session writes do not take the registry write lock: they touch only their own tables.
 */
package io.thingcore.registry.sessions;
