package io.thingcore.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * A certificate authority that can sign: its certificate and private key. Makes self-signed roots (the gateway's
 * server and device CAs, {@code thingcore certs ca}) and issues leaf certificates (device certificates for
 * CreateKeysAndCertificate / CreateCertificateFromCsr, the gateway's server certificate, DIC-style v1 certificates).
 * Immutable and safe to share between threads.
 */
public final class CertificateAuthority {
    /**
     * RFC 5280 4.2.1.6: a dNSName is in RFC 1034 preferred name syntax (ASCII; IDNs as A-labels), optionally with a
     * leading wildcard label. Underscores are tolerated because container and service host names use them.
     */
    private static final Pattern DNS_NAME = Pattern.compile(
            "(\\*\\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final KeyAlgorithm algorithm;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, KeyAlgorithm algorithm) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.algorithm = algorithm;
    }

    /**
     * A self-signed root: X.509 v3, basicConstraints CA:TRUE (critical), keyUsage keyCertSign+cRLSign (critical),
     * SKI and AKI (as {@code openssl req -x509} writes), random serial. The issuer DN is the subject DN, byte for
     * byte, so RFC 5280 6.1 name chaining works.
     */
    public static CertificateAuthority selfSigned(KeyPair keys, String subjectDn, Instant notBefore, Instant notAfter) {
        KeyAlgorithm algorithm = Keys.algorithmOf(keys.getPrivate());
        X500Name subject = Names.x500Name(Names.principal(subjectDn));
        checkValidity(notBefore, notAfter);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    subject,
                    serial(),
                    date(notBefore),
                    date(notAfter),
                    subject,
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()));
            // RFC 5280 4.2.1.9: CA:TRUE must be critical; no pathLenConstraint so the user may add intermediates.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(
                    Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder.build(signer(algorithm, keys.getPrivate())));
            return new CertificateAuthority(certificate, keys.getPrivate(), algorithm);
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new PkiException("cannot build the CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * An existing CA: its certificate and the private key that belongs to it. The key must match the certificate's
     * public key; whether the certificate is a CA at all is the caller's business (see {@link
     * CertificateChecks#isCertificateAuthority}), since a test may deliberately sign with a non-CA.
     */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        KeyAlgorithm algorithm = Keys.algorithmOf(privateKey);
        if (!Keys.matches(privateKey, certificate.getPublicKey())) {
            throw new PkiException("the private key does not belong to the CA certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
        return new CertificateAuthority(certificate, privateKey, algorithm);
    }

    /** The CA's certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Issues a leaf certificate signed by this CA; the subject key must be a {@link KeyAlgorithm} key. */
    public X509Certificate issue(LeafRequest request) {
        Objects.requireNonNull(request, "request");
        KeyAlgorithm subjectAlgorithm = Keys.algorithmOf(request.subjectKey());
        X500Name subject = Names.x500Name(Names.principal(request.subjectDn()));
        // The issuer field is copied from the CA's subject DER, never re-encoded, so that strict name comparison
        // (RFC 5280 7.1 allows binary comparison) still chains.
        X500Name issuer = Names.x500Name(certificate.getSubjectX500Principal());
        SubjectPublicKeyInfo subjectKey =
                SubjectPublicKeyInfo.getInstance(request.subjectKey().getEncoded());
        Date notBefore = date(request.notBefore());
        Date notAfter = date(request.notAfter());
        ContentSigner signer = signer(algorithm, privateKey);
        if (request.profile() == LeafProfile.VERSION_1) {
            // openssl x509 -req without -extfile: version 1, no extensions at all (RFC 5280 4.1.2.1).
            return sign(new X509v1CertificateBuilder(issuer, serial(), notBefore, notAfter, subject, subjectKey)
                    .build(signer));
        }
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder =
                    new X509v3CertificateBuilder(issuer, serial(), notBefore, notAfter, subject, subjectKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            // RSA keys may be used for TLS 1.2 RSA key transport, which needs keyEncipherment (RFC 5280 4.2.1.3);
            // EC keys only ever sign in TLS (ECDHE), so digitalSignature alone.
            int usage = KeyUsage.digitalSignature | (subjectAlgorithm.isEc() ? 0 : KeyUsage.keyEncipherment);
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            KeyPurposeId purpose = request.profile() == LeafProfile.SERVER
                    ? KeyPurposeId.id_kp_serverAuth
                    : KeyPurposeId.id_kp_clientAuth;
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(request.subjectKey()));
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(utils));
            if (!request.subjectAltNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, generalNames(request.subjectAltNames()));
            }
            return sign(builder.build(signer));
        } catch (NoSuchAlgorithmException | CertIOException e) {
            throw new PkiException("cannot build the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The AKI keyIdentifier must equal the CA's SKI (RFC 5280 4.2.1.1) so path builders can pick the right CA among
     * several with the same subject; a CA without an SKI (v1, or foreign) gets the RFC 5280 method-1 hash instead.
     */
    private AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils utils) {
        byte[] ski = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (ski != null) {
            byte[] keyId = ASN1OctetString.getInstance(
                            ASN1OctetString.getInstance(ski).getOctets())
                    .getOctets();
            return new AuthorityKeyIdentifier(keyId);
        }
        return utils.createAuthorityKeyIdentifier(certificate.getPublicKey());
    }

    static GeneralNames generalNames(List<String> names) {
        List<GeneralName> out = new ArrayList<>(names.size());
        for (String name : names) {
            if (name == null || name.isBlank()) {
                throw new PkiException("subjectAltName is empty");
            }
            String trimmed = name.strip();
            // IPAddress.isValid only accepts literals and never resolves, unlike InetAddress.getByName.
            if (IPAddress.isValid(trimmed)) {
                out.add(new GeneralName(GeneralName.iPAddress, trimmed));
            } else if (DNS_NAME.matcher(trimmed).matches() && trimmed.length() <= 253) {
                out.add(new GeneralName(GeneralName.dNSName, trimmed));
            } else {
                throw new PkiException("subjectAltName \"" + trimmed + "\" is not a DNS name or IP address"
                        + " (internationalized names must be given in their xn-- form)");
            }
        }
        return new GeneralNames(out.toArray(GeneralName[]::new));
    }

    private static ContentSigner signer(KeyAlgorithm algorithm, PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(algorithm.signatureAlgorithm()).build(key);
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot sign with the CA key: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException("cannot convert the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A random positive serial of 16 octets: unpredictable (CA/Browser Forum BR 7.1 wants 64+ random bits), and
     * within RFC 5280 4.1.2.2's limit of 20 octets. Setting bit 126 keeps the length fixed, clearing bit 127 keeps
     * the DER INTEGER positive without a leading zero octet.
     */
    static BigInteger serial() {
        byte[] bytes = new byte[16];
        Keys.RANDOM.nextBytes(bytes);
        bytes[0] = (byte) ((bytes[0] & 0x7f) | 0x40);
        return new BigInteger(1, bytes);
    }

    private static Date date(Instant instant) {
        return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    private static void checkValidity(Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.truncatedTo(ChronoUnit.SECONDS).isAfter(notBefore.truncatedTo(ChronoUnit.SECONDS))) {
            throw new PkiException(
                    "certificate validity is empty: notAfter " + notAfter + " is not after notBefore " + notBefore);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
