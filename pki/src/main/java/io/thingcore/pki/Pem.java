package io.thingcore.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * PEM (RFC 7468) in and out, in the forms openssl reads and writes: certificates, CSRs, PKCS#8 {@code PRIVATE KEY},
 * SEC1 {@code EC PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY} and SubjectPublicKeyInfo {@code PUBLIC KEY}. Writers
 * produce 64-column base64 with {@code \n} line endings and a trailing newline, byte-for-byte what openssl 3 writes
 * for the same DER.
 */
public final class Pem {
    private static final String CERTIFICATE = "CERTIFICATE";
    private static final String CERTIFICATE_REQUEST = "CERTIFICATE REQUEST";
    // Written by old Netscape-era tools and still by some (e.g. Windows certreq); RFC 7468 section 7 accepts it.
    private static final String NEW_CERTIFICATE_REQUEST = "NEW CERTIFICATE REQUEST";
    private static final String PRIVATE_KEY = "PRIVATE KEY";
    private static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    private static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    private static final String ENCRYPTED_PRIVATE_KEY = "ENCRYPTED PRIVATE KEY";
    private static final String EC_PARAMETERS = "EC PARAMETERS";
    private static final String PUBLIC_KEY = "PUBLIC KEY";

    private Pem() {}

    // ---------------------------------------------------------------- certificates

    /** Every CERTIFICATE block, in order (a chain file is leaf first by convention); other blocks are skipped. */
    public static List<X509Certificate> readCertificates(String pem) {
        List<Block> blocks = blocks(pem, "certificate", Integer.MAX_VALUE, CERTIFICATE);
        if (blocks.isEmpty()) {
            throw new PkiException("certificate PEM is malformed: no BEGIN CERTIFICATE block");
        }
        List<X509Certificate> certificates = new ArrayList<>(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            certificates.add(certificate(blocks.get(i).der(), blocks.size() == 1 ? "" : " " + (i + 1)));
        }
        return List.copyOf(certificates);
    }

    /** The first CERTIFICATE block; whatever follows it is not looked at. Reads X.509 v1 and v3. */
    public static X509Certificate readCertificate(String pem) {
        List<Block> blocks = blocks(pem, "certificate", 1, CERTIFICATE);
        if (blocks.isEmpty()) {
            throw new PkiException("certificate PEM is malformed: no BEGIN CERTIFICATE block");
        }
        return certificate(blocks.get(0).der(), "");
    }

    /** Parses a DER certificate with the JDK's X.509 factory (the one TLS uses), so v1 certificates read too. */
    static X509Certificate certificate(byte[] der, String which) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new PkiException(
                    "certificate PEM is malformed: CERTIFICATE block" + which + " is not a valid X.509 certificate"
                            + detail(e),
                    e);
        }
    }

    /** The certificate as a PEM CERTIFICATE block. */
    public static String write(X509Certificate certificate) {
        try {
            return block(CERTIFICATE, certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }

    /** The certificates as consecutive CERTIFICATE blocks, in the given order. */
    public static String write(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            out.append(write(certificate));
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- CSRs

    /**
     * The first {@code CERTIFICATE REQUEST} (or legacy {@code NEW CERTIFICATE REQUEST}) block, with its signature
     * verified: a CSR whose self-signature fails proves nothing about possession of the key (RFC 2986 section 3).
     */
    public static CertificateRequest readCsr(String pem) {
        List<Block> blocks = blocks(pem, "certificate request", 1, CERTIFICATE_REQUEST, NEW_CERTIFICATE_REQUEST);
        if (blocks.isEmpty()) {
            throw new PkiException("certificate request PEM is malformed: no BEGIN CERTIFICATE REQUEST block");
        }
        return CertificateRequest.fromDer(blocks.get(0).der());
    }

    /** The CSR as a PEM CERTIFICATE REQUEST block. */
    public static String write(CertificateRequest request) {
        return block(CERTIFICATE_REQUEST, request.encoded());
    }

    // ---------------------------------------------------------------- private keys

    /**
     * The first private key block: PKCS#8 {@code PRIVATE KEY}, SEC1 {@code EC PRIVATE KEY} (an {@code EC
     * PARAMETERS} block before it, as {@code openssl ecparam -genkey} writes, is fine) or PKCS#1 {@code RSA PRIVATE
     * KEY}. Certificates in the same text are skipped, so a combined cert+key file reads too.
     */
    public static PrivateKey readPrivateKey(String pem) {
        List<Block> blocks =
                blocks(pem, "private key", 1, PRIVATE_KEY, EC_PRIVATE_KEY, RSA_PRIVATE_KEY, ENCRYPTED_PRIVATE_KEY);
        if (blocks.isEmpty()) {
            throw new PkiException(
                    "private key PEM is malformed: no BEGIN PRIVATE KEY, EC PRIVATE KEY or" + " RSA PRIVATE KEY block");
        }
        Block block = blocks.get(0);
        // PKCS#8 encryption uses its own label; the traditional forms mark it with RFC 1421 headers instead.
        if (block.type().equals(ENCRYPTED_PRIVATE_KEY) || block.encrypted()) {
            throw new PkiException("encrypted private keys are not supported");
        }
        try {
            return switch (block.type()) {
                case PRIVATE_KEY -> pkcs8(block.der());
                case EC_PRIVATE_KEY -> sec1(block.der(), null);
                default -> pkcs1(block.der());
            };
        } catch (PkiException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new PkiException(
                    "private key PEM is malformed: the " + block.type() + " block is not a valid key" + detail(e), e);
        }
    }

    /** The private key with its public key, which is derived from the private key (see {@link Keys#publicKeyOf}). */
    public static KeyPair readKeyPair(String pem) {
        PrivateKey privateKey = readPrivateKey(pem);
        return new KeyPair(Keys.publicKeyOf(privateKey), privateKey);
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                ASN1Primitive curve =
                        info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive();
                return sec1(info.parsePrivateKey().toASN1Primitive().getEncoded(), curve);
            }
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return pkcs1(info.parsePrivateKey().toASN1Primitive().getEncoded());
            }
        } catch (IOException e) {
            throw new PkiException("private key PEM is malformed: the PRIVATE KEY block is not a valid key", e);
        }
        throw new PkiException("private keys of algorithm " + algorithm.getId()
                + " are not supported (use EC P-256, P-384, P-521 or RSA)");
    }

    /**
     * SEC1 ECPrivateKey (RFC 5915). The curve comes from the key's own parameters field or, in PKCS#8, from the
     * AlgorithmIdentifier; only named curves are accepted (RFC 5480 section 2.1.1 forbids the others for PKIX).
     */
    private static PrivateKey sec1(byte[] der, @Nullable ASN1Primitive outerCurve) throws GeneralSecurityException {
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
        ASN1Primitive curve = outerCurve;
        if (curve == null && sec1.getParametersObject() != null) {
            curve = sec1.getParametersObject().toASN1Primitive();
        }
        if (curve == null) {
            throw new PkiException("EC private key has no curve parameters");
        }
        if (!(curve instanceof ASN1ObjectIdentifier oid)) {
            throw new PkiException("EC private keys with explicit curve parameters are not supported (use a named"
                    + " curve: P-256, P-384 or P-521)");
        }
        KeyAlgorithm algorithm = curveAlgorithm(oid);
        BigInteger d = sec1.getKey();
        // SEC 1 section 3.2.1: d must lie in [1, n-1]; anything else has no public key and is not a key at all.
        if (d.signum() <= 0 || d.compareTo(algorithm.ecParameters().getOrder()) >= 0) {
            throw new PkiException("EC private key is out of range for its curve");
        }
        return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(d, algorithm.ecParameters()));
    }

    private static KeyAlgorithm curveAlgorithm(ASN1ObjectIdentifier oid) {
        for (KeyAlgorithm candidate : KeyAlgorithm.values()) {
            if (candidate.isEc() && candidate.curveOid().equals(oid)) {
                return candidate;
            }
        }
        throw new PkiException(
                "EC keys on the curve " + oid.getId() + " are not supported (use P-256, P-384 or P-521)");
    }

    private static PrivateKey pkcs1(byte[] der) throws GeneralSecurityException {
        RSAPrivateKey rsa = RSAPrivateKey.getInstance(der);
        return KeyFactory.getInstance("RSA")
                .generatePrivate(new RSAPrivateCrtKeySpec(
                        rsa.getModulus(),
                        rsa.getPublicExponent(),
                        rsa.getPrivateExponent(),
                        rsa.getPrime1(),
                        rsa.getPrime2(),
                        rsa.getExponent1(),
                        rsa.getExponent2(),
                        rsa.getCoefficient()));
    }

    /**
     * PKCS#8 {@code PRIVATE KEY} (RFC 5208/5958), what {@code openssl genpkey} writes and what Netty's
     * {@code SslContextBuilder} reads. EC keys carry their public key inside, as openssl writes them.
     */
    public static String writePkcs8(PrivateKey key) {
        KeyAlgorithm algorithm = Keys.algorithmOf(key);
        try {
            PrivateKeyInfo info = algorithm.isEc()
                    ? new PrivateKeyInfo(
                            new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, algorithm.curveOid()),
                            sec1Structure((ECPrivateKey) key, algorithm, false))
                    : new PrivateKeyInfo(
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                            pkcs1Structure(key));
            return block(PRIVATE_KEY, info.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new PkiException("cannot encode the private key: " + e.getMessage(), e);
        }
    }

    /**
     * SEC1 {@code EC PRIVATE KEY} (RFC 5915) with the named-curve OID and the public key, as {@code openssl ec} and
     * {@code openssl ecparam -genkey} write it.
     */
    public static String writeSec1(PrivateKey ecKey) {
        KeyAlgorithm algorithm = Keys.algorithmOf(ecKey);
        if (!(ecKey instanceof ECPrivateKey ec)) {
            throw new PkiException("an EC PRIVATE KEY block needs an EC key, not " + algorithm);
        }
        try {
            return block(EC_PRIVATE_KEY, sec1Structure(ec, algorithm, true).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new PkiException("cannot encode the private key: " + e.getMessage(), e);
        }
    }

    /** PKCS#1 {@code RSA PRIVATE KEY} (RFC 8017 appendix A.1.2), as {@code openssl genrsa -traditional} writes. */
    public static String writePkcs1(PrivateKey rsaKey) {
        KeyAlgorithm algorithm = Keys.algorithmOf(rsaKey);
        if (algorithm.isEc()) {
            throw new PkiException("an RSA PRIVATE KEY block needs an RSA key, not " + algorithm);
        }
        try {
            return block(RSA_PRIVATE_KEY, pkcs1Structure(rsaKey).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new PkiException("cannot encode the private key: " + e.getMessage(), e);
        }
    }

    /** The "traditional" openssl form: SEC1 for EC ({@code openssl ecparam -genkey}), PKCS#1 for RSA. */
    public static String writeTraditional(PrivateKey key) {
        return Keys.algorithmOf(key).isEc() ? writeSec1(key) : writePkcs1(key);
    }

    private static org.bouncycastle.asn1.sec.ECPrivateKey sec1Structure(
            ECPrivateKey key, KeyAlgorithm algorithm, boolean withCurve) {
        ECPublicKey publicKey = (ECPublicKey) Keys.publicKeyOf(key);
        byte[] point = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(publicKey.getEncoded())
                .getPublicKeyData()
                .getBytes();
        // In PKCS#8 the curve is in the AlgorithmIdentifier already; openssl leaves it out of the inner structure.
        return new org.bouncycastle.asn1.sec.ECPrivateKey(
                Keys.orderBits(algorithm),
                key.getS(),
                new DERBitString(point),
                withCurve ? algorithm.curveOid() : null);
    }

    private static RSAPrivateKey pkcs1Structure(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new PkiException("cannot encode an RSA private key without its CRT parameters");
        }
        return new RSAPrivateKey(
                rsa.getModulus(),
                rsa.getPublicExponent(),
                rsa.getPrivateExponent(),
                rsa.getPrimeP(),
                rsa.getPrimeQ(),
                rsa.getPrimeExponentP(),
                rsa.getPrimeExponentQ(),
                rsa.getCrtCoefficient());
    }

    // ---------------------------------------------------------------- public keys

    /** SubjectPublicKeyInfo as {@code PUBLIC KEY} (RFC 7468 section 13), what {@code openssl pkey -pubout} writes. */
    public static String writePublicKey(PublicKey key) {
        return block(PUBLIC_KEY, key.getEncoded());
    }

    /** The first {@code PUBLIC KEY} block. */
    public static PublicKey readPublicKey(String pem) {
        List<Block> blocks = blocks(pem, "public key", 1, PUBLIC_KEY);
        if (blocks.isEmpty()) {
            throw new PkiException("public key PEM is malformed: no BEGIN PUBLIC KEY block");
        }
        PublicKey key = CertificateRequest.publicKey(
                blocks.get(0).der(), "public key PEM is malformed: the PUBLIC" + " KEY block is not a valid key");
        Keys.algorithmOf(key);
        return key;
    }

    // ---------------------------------------------------------------- PEM framing

    /** One BEGIN/END block: its label, whether RFC 1421 headers mark it encrypted, and the decoded body. */
    record Block(String type, boolean encrypted, byte[] der) {}

    /**
     * The blocks whose label is one of {@code types}, in order, at most {@code limit} of them. Text outside blocks
     * is ignored, as openssl does (RFC 7468 section 2 explanatory text). Other blocks are skipped without decoding.
     */
    static List<Block> blocks(String pem, String what, int limit, String... types) {
        if (pem == null || pem.isBlank()) {
            throw new PkiException(what + " PEM is empty");
        }
        List<Block> found = new ArrayList<>();
        String[] lines = pem.split("\\R", -1);
        int i = 0;
        while (i < lines.length && found.size() < limit) {
            String line = lines[i].strip();
            i++;
            if (!line.startsWith("-----BEGIN ")) {
                continue;
            }
            if (!line.endsWith("-----") || line.length() < "-----BEGIN -----".length()) {
                throw new PkiException(what + " PEM is malformed: bad BEGIN line \"" + shorten(line) + "\"");
            }
            String type = line.substring("-----BEGIN ".length(), line.length() - "-----".length());
            String end = "-----END " + type + "-----";
            StringBuilder body = new StringBuilder();
            boolean encrypted = false;
            boolean closed = false;
            while (i < lines.length) {
                String bodyLine = lines[i].strip();
                i++;
                if (bodyLine.equals(end)) {
                    closed = true;
                    break;
                }
                if (bodyLine.startsWith("-----")) {
                    throw new PkiException(what + " PEM is malformed: BEGIN " + type + " is followed by \""
                            + shorten(bodyLine) + "\" instead of END " + type);
                }
                if (bodyLine.contains(":")) {
                    // RFC 1421 encapsulated headers, e.g. "Proc-Type: 4,ENCRYPTED" of openssl's traditional keys.
                    encrypted |= bodyLine.startsWith("Proc-Type:") && bodyLine.contains("ENCRYPTED");
                    continue;
                }
                body.append(bodyLine);
            }
            if (!closed) {
                throw new PkiException(what + " PEM is malformed: BEGIN " + type + " without END " + type);
            }
            if (!List.of(types).contains(type)) {
                continue;
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(body.toString().replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new PkiException(what + " PEM is malformed: the " + type + " block is not valid base64", e);
            }
            if (der.length == 0) {
                throw new PkiException(what + " PEM is malformed: the " + type + " block is empty");
            }
            found.add(new Block(type, encrypted, der));
        }
        return found;
    }

    static String block(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    static String detail(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "" : " (" + shorten(message) + ")";
    }

    private static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
