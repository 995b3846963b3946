/**
 * The registry on SQLite (default) or PostgreSQL through JDBC. {@link io.thingcore.registry.jdbc.JdbcRegistry} is the
 * public entry point and wires one package-private class per resource family: {@code CaCertificates} (CA
 * certificates and the registration code), {@code Certificates}, {@code Policies} (versions and attachments),
 * {@code Things} (attributes and principals), {@code ThingTypes} and {@code Authorization} (TestAuthorization,
 * GetEffectivePolicies). They share the transaction discipline ({@code Transactions} over {@code Database}: one write
 * lock), {@code Publication} (device directory refresh and events after commit), keyset {@code Paging}, the request
 * checks in {@code Inputs} and {@code Tags}, and the numbered schema {@code Migrations}. The families stay in this one
 * package so that {@code Sql}, {@code Database} and {@code Changes} need not become public. {@code NodeLock} keeps
 * a database to one gateway node (a {@link io.thingcore.registry.jdbc.LockFile} next to a SQLite file, a session-level
 * advisory lock on PostgreSQL; docs/adr/0006-one-gateway-node-per-database.md).
 *
 * <p>Runs on the callers' worker threads (the API's blocking executor, the server's wiring) and blocks on JDBC; never
 * call it from an event loop. Listeners run on the thread that committed the change.
 */
package io.thingcore.registry.jdbc;
