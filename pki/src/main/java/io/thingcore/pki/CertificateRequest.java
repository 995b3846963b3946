package io.thingcore.pki;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 certificate signing request (RFC 2986) whose signature has been verified: the subject it asks for, the
 * public key to certify and the DER as received (AWS CreateCertificateFromCsr, {@code thingcore certs csr}). Only
 * a request made here or read through {@link Pem#readCsr}/{@link #fromDer} has been verified; the canonical
 * constructor trusts its caller.
 *
 * @param subject the requested subject DN
 * @param publicKey the key to certify (any algorithm the JDK reads; {@link CertificateAuthority#issue} decides
 *     whether it is acceptable)
 * @param encoded the DER of the request; copied in and out, so the record stays immutable
 */
public record CertificateRequest(X500Principal subject, PublicKey publicKey, byte[] encoded) {

    public CertificateRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(publicKey, "publicKey");
        encoded = Objects.requireNonNull(encoded, "encoded").clone();
    }

    /** A request for {@code subjectDn} (RFC 4514 form, e.g. {@code CN=DIC_2}) signed by the key pair. */
    public static CertificateRequest create(KeyPair keys, String subjectDn) {
        KeyAlgorithm algorithm = Keys.algorithmOf(keys.getPublic());
        X500Principal subject = Names.principal(subjectDn);
        try {
            ContentSigner signer = new JcaContentSignerBuilder(algorithm.signatureAlgorithm()).build(keys.getPrivate());
            byte[] der = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                    .build(signer)
                    .getEncoded();
            return new CertificateRequest(subject, keys.getPublic(), der);
        } catch (OperatorCreationException | IOException e) {
            throw new PkiException("cannot sign the certificate request: " + e.getMessage(), e);
        }
    }

    /** Parses a DER request and verifies its self-signature (RFC 2986 section 3: proof of possession). */
    public static CertificateRequest fromDer(byte[] der) {
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
        } catch (IOException | RuntimeException e) {
            throw new PkiException("certificate request is malformed: not a PKCS#10 request" + Pem.detail(e), e);
        }
        PublicKey publicKey = publicKey(
                csr.getSubjectPublicKeyInfo(), "certificate request is malformed: its public key cannot be read");
        boolean valid;
        try {
            valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            throw new PkiException("certificate request signature cannot be checked" + Pem.detail(e), e);
        }
        if (!valid) {
            throw new PkiException("certificate request signature does not verify with its public key");
        }
        X500Principal subject;
        try {
            subject = new X500Principal(csr.getSubject().getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new PkiException("certificate request is malformed: bad subject" + Pem.detail(e), e);
        }
        return new CertificateRequest(subject, publicKey, der);
    }

    /** A JDK public key from SubjectPublicKeyInfo DER. */
    static PublicKey publicKey(byte[] spkiDer, String failure) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(spkiDer);
        } catch (RuntimeException e) {
            throw new PkiException(failure + Pem.detail(e), e);
        }
        return publicKey(info, failure);
    }

    static PublicKey publicKey(SubjectPublicKeyInfo info, String failure) {
        try {
            return new JcaPEMKeyConverter().getPublicKey(info);
        } catch (IOException | RuntimeException e) {
            throw new PkiException(failure + Pem.detail(e), e);
        }
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateRequest that && Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "CertificateRequest[subject=" + subject + ", key=" + publicKey.getAlgorithm() + "]";
    }
}
