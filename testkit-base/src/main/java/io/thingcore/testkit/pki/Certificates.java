package io.thingcore.testkit.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues X.509 certificates with Bouncy Castle: the profiles the tests need, each spelled out here. */
final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What goes into a v3 leaf. */
    enum Profile {
        /** TLS client: digitalSignature, extendedKeyUsage clientAuth (what AWS IoT's CreateKeysAndCertificate issues). */
        CLIENT,
        /** TLS server: digitalSignature, extendedKeyUsage serverAuth, subjectAltName. */
        SERVER,
        /** A leaf no TLS client may use: keyUsage keyCertSign only, extendedKeyUsage serverAuth only. */
        WRONG_KEY_USAGE
    }

    private Certificates() {}

    static X509Certificate selfSignedCa(KeyPair keys, String subject, Instant notBefore, Instant notAfter) {
        return selfSignedCa(keys, name(subject), notBefore, notAfter);
    }

    static X509Certificate selfSignedCa(KeyPair keys, X500Name name, Instant notBefore, Instant notAfter) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name, serial(), Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return sign(builder.build(signer(keys)));
    }

    static X509Certificate v3Leaf(
            TestCa issuer,
            PublicKey subjectKey,
            String subject,
            Instant notBefore,
            Instant notAfter,
            Profile profile,
            List<String> names) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer.certificate(), serial(), Date.from(notBefore), Date.from(notAfter), name(subject), subjectKey);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    utils.createAuthorityKeyIdentifier(issuer.keys().getPublic()));
            switch (profile) {
                case CLIENT -> {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(leafKeyUsage(subjectKey)));
                    builder.addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
                case SERVER -> {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(leafKeyUsage(subjectKey)));
                    builder.addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                }
                case WRONG_KEY_USAGE -> {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
                    builder.addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                }
            }
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(names));
            }
        } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return sign(builder.build(signer(issuer.keys())));
    }

    /**
     * An X.509 v1 certificate without extensions, as {@code openssl x509 -req -CA ... -days N} makes one when no
     * extension file is given (the Silicon Labs DIC guide's device certificates).
     */
    static X509Certificate v1Leaf(
            TestCa issuer, PublicKey subjectKey, String subject, Instant notBefore, Instant notAfter) {
        JcaX509v1CertificateBuilder builder = new JcaX509v1CertificateBuilder(
                X500Name.getInstance(
                        issuer.certificate().getSubjectX500Principal().getEncoded()),
                serial(),
                Date.from(notBefore),
                Date.from(notAfter),
                name(subject),
                subjectKey);
        return sign(builder.build(signer(issuer.keys())));
    }

    /**
     * The name an RFC 4514 string such as {@code CN=device,O=Example} denotes, encoded as the JDK and openssl encode
     * it: the string lists the most specific RDN first, the encoding last. Bouncy Castle's {@code new X500Name(String)}
     * would keep the string's order and so name another subject.
     */
    static X500Name name(String dn) {
        return X500Name.getInstance(new X500Principal(dn).getEncoded());
    }

    private static int leafKeyUsage(PublicKey key) {
        return key.getAlgorithm().equals("RSA")
                ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                : KeyUsage.digitalSignature;
    }

    private static GeneralNames subjectAltNames(List<String> names) {
        List<GeneralName> general = new ArrayList<>();
        for (String name : names) {
            general.add(
                    isIpAddress(name)
                            ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name));
        }
        return new GeneralNames(general.toArray(GeneralName[]::new));
    }

    private static boolean isIpAddress(String name) {
        if (!name.matches("[0-9.]+") && !name.contains(":")) {
            return false;
        }
        try {
            InetAddress.getByName(name);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static ContentSigner signer(KeyPair keys) {
        try {
            return new JcaContentSignerBuilder(KeyType.of(keys).signatureAlgorithm()).build(keys.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
