/**
 * The composition root: turns a {@link io.thingcore.server.GatewayConfig} into a running gateway (data directory,
 * gateway PKI, registry, API server, connection file) with plain constructors, and stops it again. Runs on the
 * thread that calls {@link io.thingcore.server.Gateway#start}; the servers it starts bring their own threads.
 */
@NullMarked
package io.thingcore.server;

import org.jspecify.annotations.NullMarked;
