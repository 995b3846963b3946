/**
 * The broker's service provider interfaces: what it needs from the outside world, in its own terms. The registry is
 * adapted to them by the {@code server} module; the broker never sees JDBC or the registry itself
 * (docs/architecture.md, dependency rules).
 *
 * <p>Threading contract: {@link io.thingcore.broker.spi.DeviceDirectory} is called on Netty event loops on every
 * handshake and whenever a connection's authorization snapshot is refreshed, so its implementation must answer from
 * memory without blocking. {@link io.thingcore.broker.spi.CertificateRegistrar} runs its work on its own executor
 * and completes a {@link java.util.concurrent.CompletionStage}; the broker hops back to the channel's event loop.
 * {@link io.thingcore.broker.spi.SessionStore} is called only on the broker's session-writer thread (and once at
 * start-up), never on an event loop.
 * {@link io.thingcore.broker.spi.BrokerControl} is implemented by the broker and may be called from any thread.
 */
@NullMarked
package io.thingcore.broker.spi;

import org.jspecify.annotations.NullMarked;
