/**
 * The broker's in-memory view of the registry ({@link io.thingcore.registry.readmodel.DeviceDirectory}): certificates,
 * CAs, things and compiled policies as last committed, so that a TLS handshake or an authorization never waits for a
 * database. Written only by the registry after each commit (on the committing worker thread); read lock-free from
 * any thread, event loops included.
 */
@NullMarked
package io.thingcore.registry.readmodel;

import org.jspecify.annotations.NullMarked;
