package io.thingcore.broker.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The trust decision inside the TLS handshake (docs/security.md, "The broker"; issue 3: "unknown, inactive, revoked,
 * pending or expired certificates fail the TLS handshake, as on AWS"): asks {@link CertificateAuthenticator} about the
 * leaf and throws {@link CertificateException} on a refusal, which makes the engine (BoringSSL or JDK) send a fatal
 * alert instead of completing the handshake.
 *
 * <p>Just-in-time registration is not decided here: an unknown certificate under an auto-registration CA (and a
 * certificate still {@code PENDING_ACTIVATION} under one) passes the handshake so that {@link ClientCertificateHandler}
 * can register it off the event loop, publish the event and then close (AWS IoT Developer Guide,
 * auto-register-device-cert). That handler also repeats the whole decision after the handshake, as defence in depth and
 * to cover a registry change during the handshake.
 *
 * <p>SNI comes from the handshake session ({@link ExtendedSSLSession#getRequestedServerNames()}), which both the JDK
 * engine and Netty's BoringSSL engine fill in on the server side before the client certificate is verified. Runs on
 * the event loop, reads only the in-memory directory.
 */
public final class RegistryTrustManager extends X509ExtendedTrustManager {
    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final CertificateAuthenticator authenticator;
    private final boolean openSsl;
    private final CertificateFactsCache facts = new CertificateFactsCache();

    /**
     * @param openSsl whether the engine is netty-tcnative BoringSSL: a refusal then carries the verify error that
     *     makes BoringSSL send a {@code bad_certificate} alert (a plain exception would become {@code internal_error})
     */
    public RegistryTrustManager(CertificateAuthenticator authenticator, boolean openSsl) {
        this.authenticator = authenticator;
        this.openSsl = openSsl;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        SSLSession session = engine.getHandshakeSession();
        PresentedCertificate presented = decide(chain, session, engine.getPeerHost());
        if (session != null) {
            HandshakeHandOff.leave(session, presented);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        String remoteIp =
                socket.getInetAddress() == null ? null : socket.getInetAddress().getHostAddress();
        decide(chain, session, remoteIp);
    }

    /** Without a handshake session there is no SNI: SNI_ONLY certificates are refused (fails closed). */
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        decide(chain, null, null);
    }

    /** The certificate as read, if the handshake may go on; throws if not. */
    private PresentedCertificate decide(
            X509Certificate[] chain, @Nullable SSLSession session, @Nullable String remoteIp)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        // Read once per handshake, and not again for a certificate presented recently (CertificateFactsCache).
        PresentedCertificate presented =
                PresentedCertificate.read(chain[0], sni(session), remoteIp, facts, authenticator::isRegistered);
        AuthenticationResult result = authenticator.authenticate(presented);
        if (result instanceof AuthenticationResult.Rejected rejected) {
            // Not logged here: ClientCertificateHandler writes the connection's one line from the handshake failure,
            // which carries this exception as a cause.
            RefusedCertificateException refused = new RefusedCertificateException(rejected, presented.peer());
            throw openSsl
                    ? new OpenSslCertificateException(rejected.reason(), refused, BoringSsl.CERT_REJECTED)
                    : refused;
        }
        // Accepted, RegisterJustInTime and StillPending are completed after the handshake by ClientCertificateHandler.
        return presented;
    }

    /** The host name the client sent in SNI, lower case, or null. */
    static @Nullable String sni(@Nullable SSLSession session) {
        if (!(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host) {
                return host.getAsciiName().toLowerCase(Locale.ROOT);
            }
            if (name.getType() == 0) { // host_name (RFC 6066 section 3), from an engine that does not use SNIHostName
                return new SNIHostName(name.getEncoded()).getAsciiName().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** BoringSSL's verify error codes (x509.h, the same values as OpenSSL's x509_vfy.h). */
    private static final class BoringSsl {
        /** {@code X509_V_ERR_CERT_REJECTED}: BoringSSL answers it with a {@code bad_certificate} alert. */
        static final int CERT_REJECTED = 28;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the MQTT server trust manager verifies clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the MQTT server trust manager verifies clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the MQTT server trust manager verifies clients only");
    }

    /**
     * No issuer list in the CertificateRequest: devices present whatever certificate they were given, and the registry
     * (not a CA list) decides, as on AWS.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
