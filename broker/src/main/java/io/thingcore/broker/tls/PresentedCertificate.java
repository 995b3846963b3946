package io.thingcore.broker.tls;

import io.thingcore.pki.CertificateIds;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * A client certificate as presented in one TLS handshake: the parsed certificate, which the trust decision and
 * just-in-time registration need, and the identity read from it, which the connection keeps. The parsed certificate
 * lives only until the handshake is decided: an idle connection holds its {@link PeerCertificate}, not the JDK's
 * object graph of the certificate (about 4 KB per connection, issue 6).
 *
 * @param certificate the leaf certificate the client presented
 * @param peer the identity read from it, with the handshake's SNI and the client's address
 */
public record PresentedCertificate(X509Certificate certificate, PeerCertificate peer) {
    /** Where {@link RegistryTrustManager} leaves what it parsed, in the handshake session. */
    static final String HANDSHAKE_SESSION_VALUE = "io.thingcore.broker.presented";

    public PresentedCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(peer, "peer");
    }

    /**
     * Reads a presented leaf certificate. It is re-parsed with the JDK factory: engines may hand out lazy wrappers; the
     * DER is what identifies it.
     *
     * @param sni the server name the client sent, lower case, or null
     * @param remoteIp the client's IP address, or null
     */
    public static PresentedCertificate parse(Certificate presented, @Nullable String sni, @Nullable String remoteIp)
            throws CertificateException {
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(presented.getEncoded()));
        return new PresentedCertificate(
                leaf,
                new PeerCertificate(
                        CertificateIds.of(leaf),
                        DistinguishedNames.attributes(leaf.getSubjectX500Principal()),
                        DistinguishedNames.attributes(leaf.getIssuerX500Principal()),
                        DistinguishedNames.subjectAlternativeNames(leaf),
                        leaf.getSerialNumber().toString(),
                        sni,
                        remoteIp));
    }

    /**
     * What {@link RegistryTrustManager} parsed during this handshake (taken out of the session), if it is the same
     * certificate, SNI and address; otherwise {@code presented} parsed now. A resumed session skips the trust manager
     * and may carry another connection's value, hence the comparison.
     */
    static PresentedCertificate fromHandshake(
            SSLSession session, Certificate presented, @Nullable String sni, @Nullable String remoteIp)
            throws CertificateException {
        Object parsed = session.getValue(HANDSHAKE_SESSION_VALUE);
        session.removeValue(HANDSHAKE_SESSION_VALUE);
        if (parsed instanceof PresentedCertificate p
                && Objects.equals(p.peer.sni(), sni)
                && Objects.equals(p.peer.remoteIp(), remoteIp)
                && Arrays.equals(p.certificate.getEncoded(), presented.getEncoded())) {
            return p;
        }
        return parse(presented, sni, remoteIp);
    }

    /** The certificate ID (lowercase hex SHA-256 of the DER). */
    public String certificateId() {
        return peer.certificateId();
    }
}
