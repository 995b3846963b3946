/**
 * The registry on SQLite (default) or PostgreSQL through JDBC: {@link io.thingcore.registry.jdbc.JdbcRegistry}, its
 * numbered schema migrations and its transaction discipline (one write lock; see {@code Database}). Runs on the
 * callers' worker threads and blocks on JDBC; never call it from an event loop.
 */
package io.thingcore.registry.jdbc;
