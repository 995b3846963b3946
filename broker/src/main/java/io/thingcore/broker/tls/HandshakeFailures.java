package io.thingcore.broker.tls;

import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.logtext.LogText;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Tells what went wrong in a failed TLS handshake, from the failure the engine reports (the JDK's
 * {@code sun.security.ssl} messages or BoringSSL's error strings, {@code ssl/ssl_lib.cc} and {@code include/openssl/ssl.h}
 * {@code SSL_R_*}), the first byte the client sent and whether its ClientHello arrived. Pure; any thread.
 */
final class HandshakeFailures {
    /**
     * An alert the client sent. The JDK reports "Received fatal alert: unknown_ca" ({@code sun.security.ssl.Alert});
     * BoringSSL reports a received alert as the reason {@code SSLV3_ALERT_*} or {@code TLSV1_ALERT_*} (reason code 1000
     * plus the alert number, {@code SSL_AD_REASON_OFFSET} in {@code ssl.h}).
     */
    private static final Pattern JDK_ALERT = Pattern.compile("Received fatal alert: ([a-z_]+)");

    private static final Pattern BORINGSSL_ALERT = Pattern.compile("(?:SSLV3|TLSV1)_ALERT_([A-Z_]+)");

    /** MQTT CONNECT's fixed header byte: packet type 1, flags 0 (MQTT 3.1.1 section 3.1.1, MQTT 5 section 3.1.1). */
    private static final byte MQTT_CONNECT = 0x10;

    private HandshakeFailures() {}

    /** What the refusal's line and record say; null when there is nothing to report (a client that sent nothing). */
    record Classified(
            RefusalReason reason,
            String detail,
            @Nullable String certificateId,
            @Nullable String subjectCommonName) {
        Classified(RefusalReason reason, String detail) {
            this(reason, detail, null, null);
        }
    }

    /**
     * @param cause the handshake failure
     * @param notTlsFirstByte the first byte the client sent when it was not a TLS handshake record, or null
     * @param clientHelloSeen whether the client's ClientHello arrived (the server then answered with its certificate)
     * @param handshakeTimeoutMillis the handshake timeout, for the line
     */
    static @Nullable Classified classify(
            Throwable cause, @Nullable Byte notTlsFirstByte, boolean clientHelloSeen, long handshakeTimeoutMillis) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RefusedCertificateException refused) {
                return new Classified(
                        refused.kind(), refused.reason(), refused.certificateId(), refused.subjectCommonName());
            }
        }
        if (notTlsFirstByte != null || cause instanceof NotSslRecordException) {
            return notTls(notTlsFirstByte);
        }
        if (cause instanceof SslHandshakeTimeoutException) {
            return new Classified(
                    RefusalReason.HANDSHAKE_TIMEOUT,
                    "the TLS handshake did not complete within " + handshakeTimeoutMillis + " ms");
        }
        String messages = messages(cause);
        String alert = receivedAlert(messages);
        if (alert != null) {
            return switch (alert) {
                // RFC 8446 section 6.2: the alerts a client sends when it does not accept the server's certificate
                case "bad_certificate",
                        "unsupported_certificate",
                        "certificate_revoked",
                        "certificate_expired",
                        "certificate_unknown",
                        "unknown_ca",
                        "access_denied" ->
                    new Classified(
                            RefusalReason.CLIENT_DISTRUSTS_SERVER,
                            "the client does not accept the server's certificate (it sent TLS alert " + alert
                                    + "): it does not trust the gateway's CA, or the host name it connected to is not"
                                    + " in the server certificate");
                case "protocol_version" ->
                    new Classified(
                            RefusalReason.TLS_VERSION_MISMATCH,
                            "the client refused the TLS version (it sent TLS alert protocol_version)");
                default ->
                    new Classified(RefusalReason.TLS_FAILED, "the client ended the TLS handshake with alert " + alert);
            };
        }
        if (messages.contains("Empty client certificate chain")
                || messages.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE")) {
            return new Classified(RefusalReason.NO_CLIENT_CERTIFICATE, "the client sent no certificate");
        }
        if (messages.contains("UNSUPPORTED_PROTOCOL")
                || messages.contains("protocol versions")
                || messages.contains("is not enabled or supported in server context")) {
            return new Classified(
                    RefusalReason.TLS_VERSION_MISMATCH,
                    "the client offers no TLS version the gateway accepts (TLS 1.2, TLS 1.3)");
        }
        if (messages.contains("NO_SHARED_CIPHER") || messages.contains("no cipher suites in common")) {
            return new Classified(
                    RefusalReason.TLS_CIPHER_MISMATCH, "the client offers no cipher suite the gateway accepts");
        }
        if (closedByPeer(cause, messages)) {
            return clientHelloSeen
                    ? new Classified(
                            RefusalReason.CLIENT_CLOSED_IN_HANDSHAKE,
                            "the client closed the connection in the TLS handshake after the server's certificate,"
                                    + " without an alert: most likely it does not trust the gateway's CA")
                    : null;
        }
        return new Classified(RefusalReason.TLS_FAILED, "the TLS handshake failed: " + LogText.line(messages));
    }

    private static Classified notTls(@Nullable Byte first) {
        if (first != null && first == MQTT_CONNECT) {
            return new Classified(
                    RefusalReason.PLAIN_MQTT, "the client sent an MQTT CONNECT without TLS to the MQTT over TLS port");
        }
        if (first != null && first >= 'A' && first <= 'Z') {
            return new Classified(
                    RefusalReason.HTTP_ON_MQTT_PORT,
                    "the client sent what looks like an HTTP request (starting with '" + (char) (byte) first
                            + "') without TLS to the MQTT over TLS port");
        }
        return new Classified(
                RefusalReason.NOT_TLS,
                String.format(
                        Locale.ROOT,
                        "the client sent bytes that are not TLS (first byte 0x%02x) to the MQTT over TLS port",
                        first == null ? 0 : first & 0xff));
    }

    private static boolean closedByPeer(Throwable cause, String messages) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ClosedChannelException) {
                return true;
            }
        }
        return messages.contains("closed while SSL/TLS handshake")
                || messages.contains("Connection reset")
                || messages.contains("SslHandler removed before handshake completed")
                || messages.contains("before receiving peer's close_notify");
    }

    static @Nullable String receivedAlert(String messages) {
        Matcher jdk = JDK_ALERT.matcher(messages);
        if (jdk.find()) {
            return jdk.group(1);
        }
        Matcher boringSsl = BORINGSSL_ALERT.matcher(messages);
        if (boringSsl.find()) {
            return boringSsl.group(1).toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** The messages of {@code cause} and its causes, one after the other. */
    private static String messages(Throwable cause) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (!all.isEmpty()) {
                all.append(": ");
            }
            all.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
            if (t.getCause() == t) {
                break;
            }
        }
        return all.toString();
    }
}
