package io.thingcore.server;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

/**
 * Whether the devices thingcore exists for can use the server certificate. Silicon Labs' DIC firmware offers TLS 1.2
 * ECDHE-ECDSA cipher suites only in its SiliconLabs/matter_extension builds ({@code third_party/mqtt/.../
 * altcp_tls_mbedtls.c} @c5101e30, {@code ciphers[]}), and ECDHE-ECDSA plus the one suite ECDHE-RSA-AES128-CBC-SHA256
 * in the others, which BoringSSL does not offer: with an RSA server key such a board cannot complete a handshake.
 */
final class ServerKeyAdvice {
    private ServerKeyAdvice() {}

    /** A warning for the start-up log when {@code serverCertificate}'s key is not EC; empty otherwise. */
    static Optional<String> forDicFirmware(X509Certificate serverCertificate) {
        if (serverCertificate.getPublicKey() instanceof ECPublicKey) {
            return Optional.empty();
        }
        return Optional.of("the server certificate has a "
                + serverCertificate.getPublicKey().getAlgorithm()
                + " key: Silicon Labs DIC boards offer only ECDHE-ECDSA cipher suites and cannot connect; give"
                + " --server-cert an EC P-256 certificate, or leave it out to use the gateway's own");
    }
}
