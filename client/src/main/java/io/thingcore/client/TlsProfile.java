package io.thingcore.client;

import java.util.List;

/**
 * What a client offers and checks in the TLS handshake, beyond its certificate and trust.
 *
 * <p>The two firmware profiles reproduce the Mbed TLS configuration of Silicon Labs' Matter DIC firmware, so that a
 * simulated board is refused (or accepted) exactly where a real one is:
 *
 * <ul>
 *   <li>TLS 1.2 only: {@code altcp_tls_create_config} calls {@code mbedtls_ssl_config_defaults(...,
 *       MBEDTLS_SSL_PRESET_DEFAULT)} and then restricts the suites to {@link #FIRMWARE_CIPHER_SUITES}, all of which are
 *       TLS 1.2 suites (SiliconLabs/matter_extension {@code third_party/mqtt/.../altcp_tls_mbedtls.c} @c5101e30,
 *       {@code static int ciphers[]}; project-chip/connectedhomeip {@code third_party/silabs/mqtt/...} @2cf6f3a).
 *   <li>The server chain is always verified against the configured CA ({@code MBEDTLS_SSL_VERIFY_REQUIRED}).
 *   <li>SNI and host-name verification: the DIC transports never call {@code mbedtls_ssl_set_hostname}
 *       ({@code MQTT_transport.c} {@code connection_new}, connectedhomeip @2cf6f3a, matter_extension @c5101e30), so no
 *       SNI is sent and no name is checked; the "Matter + AWS" transport does (SiliconLabsSoftware/matter_sdk
 *       {@code third_party/silabs/mqtt/.../MQTT_transport.c} @24a13ee3).
 * </ul>
 */
public enum TlsProfile {
    /** TLS 1.3 and 1.2 with the engine's suites; SNI = the server name, which must match the certificate. */
    DEFAULT(List.of("TLSv1.3", "TLSv1.2"), List.of(), true),
    /** The DIC firmware (generations dic-v1 and dic): TLS 1.2, its suites, no SNI, no host-name check. */
    FIRMWARE_WITHOUT_SNI(List.of("TLSv1.2"), Suites.FIRMWARE, false),
    /** The "Matter + AWS" firmware: TLS 1.2, its suites, SNI = the configured host, host name verified. */
    FIRMWARE_WITH_SNI(List.of("TLSv1.2"), Suites.FIRMWARE, true);

    /**
     * The firmware's suites in its order: the six ECDHE-ECDSA suites of matter_extension @c5101e30 {@code ciphers[]},
     * plus ECDHE-RSA-AES128-CBC-SHA256, which connectedhomeip @2cf6f3a and matter_sdk @3276632a also list.
     */
    public static final List<String> FIRMWARE_CIPHER_SUITES = Suites.FIRMWARE;

    /** Holds the list so that the constants above can use it (enum constants initialise before static fields). */
    private static final class Suites {
        static final List<String> FIRMWARE = List.of(
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    }

    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final boolean serverName;

    TlsProfile(List<String> protocols, List<String> cipherSuites, boolean serverName) {
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.serverName = serverName;
    }

    /** The TLS versions offered. */
    public List<String> protocols() {
        return protocols;
    }

    /** The suites offered, in preference order; empty: the engine's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** Whether SNI is sent and the server certificate's name checked. */
    public boolean sendsServerName() {
        return serverName;
    }

    /**
     * Whether this profile pins the suite list. BoringSSL implements none of the CBC-SHA256/SHA384 suites, so such a
     * profile always runs on the JDK's engine, which offers all seven.
     */
    public boolean pinsCipherSuites() {
        return !cipherSuites.isEmpty();
    }
}
