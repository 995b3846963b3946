/**
 * The TLS stage: the server {@link io.netty.handler.ssl.SslContext} (BoringSSL or JDK), SNI capture, and the trust
 * decision ({@link io.thingcore.broker.tls.CertificateAuthenticator}): the client certificate must be registered and
 * ACTIVE, valid now, its CA still registered, and SNI present where AWS requires it; unknown certificates under a
 * just-in-time-registration CA are registered {@code PENDING_ACTIVATION}.
 *
 * <p>The decision is made inside the TLS handshake by {@link io.thingcore.broker.tls.RegistryTrustManager} (SNI from
 * the handshake session): a refused client gets a TLS alert ({@code bad_certificate} from BoringSSL,
 * {@code certificate_unknown} or similar from the JDK engine), as on AWS, never a completed handshake. Over TLS 1.3 the
 * client has sent its Finished before the server verifies its certificate, so it sees the alert on its first read.
 * Just-in-time registration (and a still {@code PENDING_ACTIVATION} certificate under an auto-registration CA) passes
 * the handshake; {@link io.thingcore.broker.tls.ClientCertificateHandler} then registers it, publishes the event and
 * closes the connection (AWS IoT Developer Guide, auto-register-device-cert). That handler repeats the whole decision
 * on handshake completion, before any MQTT byte is decoded, as defence in depth.
 *
 * <p>Everything here runs on the channel's event loop and reads only the in-memory
 * {@link io.thingcore.broker.spi.DeviceDirectory}; the one write (JITR) runs on the registrar's executor and hops
 * back.
 */
@NullMarked
package io.thingcore.broker.tls;

import org.jspecify.annotations.NullMarked;
