package io.thingcore.broker.tls;

import io.thingcore.pki.CertificateIds;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * A client certificate as presented in one TLS handshake: its DER, the facts the trust decision needs
 * ({@link CertificateFacts}), and the identity read from them, which the connection keeps ({@link #peer()}). The
 * JDK's parsed certificate is made only when something needs more than the facts (just-in-time registration verifies
 * the CA's signature and registers the certificate); a device seen recently ({@link CertificateFactsCache}) or
 * registered ({@link TbsCertificateReader}) is decided without it. All of it lives only until the handshake is
 * decided: an idle connection holds its {@link PeerCertificate}, not the JDK's object graph of the certificate (about
 * 4 KB per connection, issue 6).
 *
 * <p>Used on the connection's event loop only (the trust manager's callback and the handshake completion).
 */
public final class PresentedCertificate {
    private final byte[] der;
    private final CertificateFacts facts;
    private final PeerCertificate peer;
    private @Nullable X509Certificate certificate;

    private PresentedCertificate(
            byte[] der,
            CertificateFacts facts,
            @Nullable X509Certificate certificate,
            @Nullable String sni,
            @Nullable String remoteIp) {
        this.der = der;
        this.facts = facts;
        this.certificate = certificate;
        this.peer = new PeerCertificate(
                facts.certificateId(),
                facts.subject(),
                facts.issuer(),
                facts.subjectAlternativeNames(),
                facts.serialNumber(),
                sni,
                remoteIp);
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
        byte[] der = presented.getEncoded();
        X509Certificate leaf = parseDer(der);
        return new PresentedCertificate(
                der, CertificateFacts.of(leaf, CertificateIds.sha256Hex(der)), leaf, sni, remoteIp);
    }

    /**
     * As {@link #parse}, with the facts from {@code cache} when the same DER was read before (its SHA-256 is the key);
     * otherwise read and added to it: by {@link TbsCertificateReader} when {@code registered} knows the certificate
     * ID (the JDK parsed those bytes at registration), else by the JDK's parse.
     */
    static PresentedCertificate read(
            Certificate presented,
            @Nullable String sni,
            @Nullable String remoteIp,
            CertificateFactsCache cache,
            Predicate<String> registered)
            throws CertificateException {
        byte[] der = presented.getEncoded();
        String digest = CertificateIds.sha256Hex(der);
        CertificateFacts known = cache.get(digest);
        if (known != null) {
            return new PresentedCertificate(der, known, null, sni, remoteIp);
        }
        CertificateFacts facts = registered.test(digest) ? TbsCertificateReader.read(der, digest) : null;
        X509Certificate leaf = null;
        if (facts == null) {
            leaf = parseDer(der);
            facts = CertificateFacts.of(leaf, digest);
        }
        cache.put(digest, facts);
        return new PresentedCertificate(der, facts, leaf, sni, remoteIp);
    }

    private static X509Certificate parseDer(byte[] der) throws CertificateException {
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /**
     * What {@link RegistryTrustManager} read during the handshake of {@code session} ({@link HandshakeHandOff}), if it
     * has the same SNI and address; otherwise {@code presented} parsed now (a resumed session skips the trust manager).
     */
    static PresentedCertificate fromHandshake(
            SSLSession session, Certificate presented, @Nullable String sni, @Nullable String remoteIp)
            throws CertificateException {
        PresentedCertificate left = HandshakeHandOff.take(session);
        if (left != null && Objects.equals(left.peer.sni(), sni) && Objects.equals(left.peer.remoteIp(), remoteIp)) {
            return left;
        }
        return parse(presented, sni, remoteIp);
    }

    /** The identity read from the certificate, with the handshake's SNI and the client's address. */
    public PeerCertificate peer() {
        return peer;
    }

    /** The certificate ID (lowercase hex SHA-256 of the DER). */
    public String certificateId() {
        return peer.certificateId();
    }

    CertificateFacts facts() {
        return facts;
    }

    /**
     * The leaf certificate the client presented, parsed by the JDK (now, if its facts came from the cache or from
     * {@link TbsCertificateReader}). The JDK parsed the same DER before (here, or when it was registered), so it parses
     * again; a failure would be a JDK fault, hence unchecked.
     */
    public X509Certificate certificate() {
        X509Certificate parsed = certificate;
        if (parsed == null) {
            try {
                parsed = parseDer(der);
            } catch (CertificateException e) {
                throw new IllegalStateException("a certificate read before no longer parses", e);
            }
            certificate = parsed;
        }
        return parsed;
    }

    /** The certificate's notBefore, as {@link X509Certificate#getNotBefore()}. */
    Instant notBefore() {
        return facts.notBefore();
    }

    /** The certificate's notAfter, as {@link X509Certificate#getNotAfter()}. */
    Instant notAfter() {
        return facts.notAfter();
    }
}
