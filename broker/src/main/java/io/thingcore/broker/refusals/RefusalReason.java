package io.thingcore.broker.refusals;

import java.util.Locale;

/**
 * Why a connection was refused, with the fix a device developer most likely needs. The first group is what the client
 * got wrong in TLS (the alerts are those of RFC 8446 section 6.2 and RFC 5246 section 7.2.2, as the JDK reports them,
 * {@code sun.security.ssl.Alert}, and BoringSSL does, {@code ssl/ssl_lib.cc} {@code SSL_alert_desc_string_long}); the
 * second is the registry's decision on the client certificate (docs/security.md, "The broker"); the last are the
 * policy's decision on CONNECT and a CONNECT the gateway cannot accept (MQTT 3.1.1 section 3.2.2.3, MQTT 5 section
 * 3.2.2.2). Each refused connection counts once under its reason in {@code thingcore_mqtt_refusals_total}.
 */
public enum RefusalReason {
    CLIENT_DISTRUSTS_SERVER(
            "install the gateway's server CA (server-ca.pem in the data directory) as the device's trusted CA and"
                    + " connect to one of the gateway's host names (--host)"),
    CLIENT_CLOSED_IN_HANDSHAKE(
            "if the device logs a certificate verification error, install the gateway's server CA (server-ca.pem in"
                    + " the data directory) as its trusted CA and connect to one of the gateway's host names (--host)"),
    NO_CLIENT_CERTIFICATE(
            "configure the device with its certificate and private key: AWS IoT Core and this gateway require mutual"
                    + " TLS on the MQTT port"),
    TLS_VERSION_MISMATCH("enable TLS 1.2 or TLS 1.3 in the client"),
    TLS_CIPHER_MISMATCH("enable TLS 1.3, or a TLS 1.2 ECDHE suite with AES-GCM or ChaCha20-Poly1305, in the client"),
    PLAIN_MQTT("turn TLS on in the client (mqtts://, or mqtt:// with TLS enabled) with the server CA, the device"
            + " certificate and its key"),
    HTTP_ON_MQTT_PORT("send HTTP to the API port (apiUrl in connection.json); this port speaks MQTT over TLS"),
    NOT_TLS("turn TLS on in the client; this port speaks MQTT over TLS only"),
    HANDSHAKE_TIMEOUT("check that the client speaks TLS on this port and that nothing between them stalls"),
    TLS_FAILED("check the client's TLS settings against docs/security.md"),

    CERTIFICATE_UNKNOWN(
            "register the certificate (aws iot register-certificate) or its CA (aws iot register-ca-certificate,"
                    + " with --allow-auto-registration for just-in-time registration)"),
    CERTIFICATE_NOT_ACTIVE("activate it: aws iot update-certificate --certificate-id <id> --new-status ACTIVE"),
    CERTIFICATE_REVOKED("issue and register a new certificate for the device: a revoked one stays refused"),
    CERTIFICATE_EXPIRED("issue and register a new certificate for the device"),
    CERTIFICATE_NOT_YET_VALID("check the gateway's clock, or wait until the certificate's notBefore"),
    CA_NOT_REGISTERED("register the certificate's CA again (aws iot register-ca-certificate)"),
    CERTIFICATE_PENDING_ACTIVATION(
            "activate it (aws iot update-certificate --new-status ACTIVE) and attach a policy, as a just-in-time"
                    + " registration rule would"),
    SNI_MISSING("set the device's server name (SNI) to one of the gateway's host names, or run the gateway with"
            + " --sni-rule lenient"),
    SNI_WRONG("connect to one of the gateway's host names, or add this one with --host"),

    CONNECT_NOT_AUTHORIZED(
            "attach a policy to the certificate that allows iot:Connect on this client ID (and iot:Publish on the will"
                    + " topic, if the client sets a will)"),
    CONNECT_INVALID(
            "send a CONNECT the gateway accepts: MQTT 3.1.1 or 5, a client ID of 1 to 128 bytes, a will with a valid"
                    + " topic and QoS 0 or 1");

    private final String fix;

    RefusalReason(String fix) {
        this.fix = fix;
    }

    /** The likely fix, for a person who configures the device or the gateway. */
    public String fix() {
        return fix;
    }

    /** The name used in the log's pacing and in metrics labels: lower case. */
    public String kind() {
        return name().toLowerCase(Locale.ROOT);
    }
}
