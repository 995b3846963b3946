/**
 * The TLS stage: the server {@link io.netty.handler.ssl.SslContext} (BoringSSL or JDK), SNI capture, and the trust
 * decision on handshake completion ({@link io.thingcore.broker.tls.CertificateAuthenticator}): the client
 * certificate must be registered and ACTIVE, valid now, its CA still registered, and SNI present where AWS requires
 * it; unknown certificates under a just-in-time-registration CA are registered {@code PENDING_ACTIVATION}.
 *
 * <p>Everything here runs on the channel's event loop and reads only the in-memory
 * {@link io.thingcore.broker.spi.DeviceDirectory}; the one write (JITR) runs on the registrar's executor and hops
 * back. The decision is made after the TLS handshake completes and before any MQTT byte is decoded: a refused client
 * sees its connection closed right after the handshake (a TLS close_notify), not a handshake alert.
 */
package io.thingcore.broker.tls;
