/**
 * The registry on the storage core ({@code io.thingcore.storage}) through JDBC. {@link
 * io.thingcore.registry.jdbc.JdbcRegistry} is the public entry point and wires one package-private class per resource
 * family, each implementing its store interface: {@code CaCertificates} (CA certificates and the registration code),
 * {@code Certificates}, {@code Policies} (versions and attachments), {@code Things} (attributes and principals),
 * {@code ThingTypes} and {@code Authorization} (TestAuthorization, GetEffectivePolicies). They share the transaction
 * discipline ({@code Transactions}, which appends each write's changes to the change feed of
 * {@code io.thingcore.registry.feed}), {@code Publication} (device directory refresh and events, applied from the
 * feed), {@code FeedEvents} (events as feed rows), keyset
 * {@code Paging}, and the request checks in {@code Inputs} and {@code Tags}. The registry's schema is its own
 * migration track ({@code JdbcRegistry.TRACK}, scripts in {@code io/thingcore/registry/migrations/}).
 *
 * <p>Runs on the callers' worker threads (the API's blocking executor, the server's wiring) and blocks on JDBC; never
 * call it from an event loop. A write waits until the feed's applier applied its change; listeners run on the
 * applier's thread ({@code thingcore-change-feed}).
 */
@NullMarked
package io.thingcore.registry.jdbc;

import org.jspecify.annotations.NullMarked;
