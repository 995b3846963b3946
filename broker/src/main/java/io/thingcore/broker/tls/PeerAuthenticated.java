package io.thingcore.broker.tls;

/**
 * Fired down the pipeline once the client certificate is accepted; the CONNECT stage starts its timeout on it.
 *
 * @param peer the accepted identity, also on the channel as {@link PeerCertificate#KEY}
 */
public record PeerAuthenticated(PeerCertificate peer) {}
