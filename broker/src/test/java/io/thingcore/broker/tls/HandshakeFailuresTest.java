package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.thingcore.broker.refusals.RefusalReason;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The engines' own words for what the client did, as BoringSSL and the JDK report them on the server; the end-to-end
 * lines are in {@code RefusalLinesTest}. BoringSSL names a received alert {@code SSLV3_ALERT_*} or {@code TLSV1_ALERT_*}
 * ({@code ssl/ssl_lib.cc}); OpenSSL clients send {@code unknown_ca} (RFC 8446 section 6.2) for an untrusted server.
 */
class HandshakeFailuresTest {
    static HandshakeFailures.Classified classify(String message) {
        return HandshakeFailures.classify(new SSLHandshakeException(message), null, true, 10_000);
    }

    @Test
    void alertsFromAClientThatDoesNotTrustTheServer() {
        assertThat(classify("error:10000418:SSL routines:OPENSSL_internal:TLSV1_ALERT_UNKNOWN_CA"))
                .extracting(HandshakeFailures.Classified::reason, HandshakeFailures.Classified::detail)
                .containsExactly(
                        RefusalReason.CLIENT_DISTRUSTS_SERVER,
                        "the client does not accept the server's certificate (it sent TLS alert unknown_ca): it does"
                                + " not trust the gateway's CA, or the host name it connected to is not in the server"
                                + " certificate");
        assertThat(classify("error:10000412:SSL routines:OPENSSL_internal:SSLV3_ALERT_BAD_CERTIFICATE")
                        .reason())
                .isEqualTo(RefusalReason.CLIENT_DISTRUSTS_SERVER);
        assertThat(classify("Received fatal alert: unknown_ca").reason())
                .isEqualTo(RefusalReason.CLIENT_DISTRUSTS_SERVER);
        assertThat(classify("Received fatal alert: handshake_failure").detail())
                .isEqualTo("the client ended the TLS handshake with alert handshake_failure");
    }

    @Test
    void aClientThatSentNothingIsNotAReportedRefusal() {
        assertThat(HandshakeFailures.classify(
                        new SSLHandshakeException("Connection closed while SSL/TLS handshake was in progress"),
                        null,
                        false,
                        10_000))
                .isNull();
    }

    @Test
    void handshakeTimeoutAndUnknownFailures() {
        assertThat(HandshakeFailures.classify(new SslHandshakeTimeoutException("timed out"), null, false, 10_000)
                        .detail())
                .isEqualTo("the TLS handshake did not complete within 10000 ms");
        assertThat(classify("something\nnew").detail()).isEqualTo("the TLS handshake failed: something\\x0anew");
    }
}
