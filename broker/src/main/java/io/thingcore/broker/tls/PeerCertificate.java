package io.thingcore.broker.tls;

import io.netty.util.AttributeKey;
import io.thingcore.pki.CertificateIds;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLSession;

/**
 * The TLS identity of one connection, read once from the SSL session on handshake completion and put on the channel
 * ({@link #KEY}); nothing later touches {@code SSLSession} (DESIGN section 3, step 2).
 *
 * @param certificateId lowercase hex SHA-256 of the leaf certificate's DER
 * @param certificate the leaf certificate the client presented
 * @param subject subject attributes under AWS's names ({@code CommonName}, {@code Organization}, ...), in
 *     certificate order
 * @param issuer issuer attributes, as {@code subject}
 * @param subjectAlternativeNames SANs under AWS's names ({@code DNSName}, {@code IPAddress}, ...)
 * @param serialNumber the serial number in decimal
 * @param sni the server name the client sent (lower case), or null when it sent none
 * @param remoteIp the client's IP address, or null when unknown
 */
public record PeerCertificate(
        String certificateId,
        X509Certificate certificate,
        Map<String, List<String>> subject,
        Map<String, List<String>> issuer,
        Map<String, List<String>> subjectAlternativeNames,
        String serialNumber,
        String sni,
        String remoteIp) {

    public static final AttributeKey<PeerCertificate> KEY = AttributeKey.valueOf(PeerCertificate.class, "peer");

    /** Where {@link RegistryTrustManager} leaves the peer it parsed in the handshake session. */
    static final String HANDSHAKE_SESSION_VALUE = "io.thingcore.broker.peer";

    public PeerCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificate, "certificate");
        subject = Map.copyOf(subject);
        issuer = Map.copyOf(issuer);
        subjectAlternativeNames = Map.copyOf(subjectAlternativeNames);
    }

    /**
     * The peer {@link RegistryTrustManager} parsed during this handshake (taken out of the session), if it is the
     * same certificate, SNI and address; otherwise {@code presented} parsed now. A resumed session skips the trust
     * manager and may carry another connection's value, hence the comparison.
     */
    static PeerCertificate fromHandshake(SSLSession session, Certificate presented, String sni, String remoteIp)
            throws CertificateException {
        Object parsed = session.getValue(HANDSHAKE_SESSION_VALUE);
        session.removeValue(HANDSHAKE_SESSION_VALUE);
        if (parsed instanceof PeerCertificate peer
                && Objects.equals(peer.sni(), sni)
                && Objects.equals(peer.remoteIp(), remoteIp)
                && Arrays.equals(peer.certificate().getEncoded(), presented.getEncoded())) {
            return peer;
        }
        return of(presented, sni, remoteIp);
    }

    /**
     * Reads a presented leaf certificate. It is re-parsed with the JDK factory: engines may hand out lazy wrappers; the
     * DER is what identifies it.
     *
     * @param sni the server name the client sent, lower case, or null
     * @param remoteIp the client's IP address, or null
     */
    public static PeerCertificate of(Certificate presented, String sni, String remoteIp) throws CertificateException {
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(presented.getEncoded()));
        return new PeerCertificate(
                CertificateIds.of(leaf),
                leaf,
                DistinguishedNames.attributes(leaf.getSubjectX500Principal()),
                DistinguishedNames.attributes(leaf.getIssuerX500Principal()),
                DistinguishedNames.subjectAlternativeNames(leaf),
                leaf.getSerialNumber().toString(),
                sni,
                remoteIp);
    }
}
