package io.thingcore.dic.certs;

import io.thingcore.dic.DicException;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateChecks;
import io.thingcore.pki.CertificateRequest;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The guide's openssl commands, as files in a directory:
 *
 * <pre>
 * openssl ecparam -name prime256v1 -genkey -noout -out CA.key
 * openssl req -new -x509 -days 1826 -key CA.key -out CA.crt -subj ...
 * openssl ecparam -name prime256v1 -genkey -noout -out device.key
 * openssl req -new -key device.key -out device.csr -subj ...
 * openssl x509 -req -in device.csr -CA CA.crt -CAkey CA.key -CAcreateserial -out device.crt -days 360
 * </pre>
 *
 * Keys are written in openssl's traditional form (SEC1 {@code EC PRIVATE KEY}, PKCS#1 for RSA), certificates and CSRs
 * as PEM; leaf certificates are X.509 v1, as {@code openssl x509 -req} without {@code -extfile} makes them.
 */
public final class CertificateFiles {
    public static final String CA_CERTIFICATE = "CA.crt";
    public static final String CA_KEY = "CA.key";
    /** The guide's {@code -days} for the CA. */
    public static final int DEFAULT_CA_DAYS = 1826;
    /** The guide's {@code -days} for device and explorer certificates. */
    public static final int DEFAULT_LEAF_DAYS = 360;

    private CertificateFiles() {}

    /** Whether {@code dir} holds a CA certificate or key (either one means: do not make a new CA here). */
    public static boolean caPresent(Path dir) {
        return Files.exists(dir.resolve(CA_CERTIFICATE)) || Files.exists(dir.resolve(CA_KEY));
    }

    /**
     * Makes a self-signed CA and writes {@code CA.key} (0600) and {@code CA.crt}. Existing files are refused unless
     * {@code force}, before anything is written.
     */
    public static CertificateAuthority createCa(
            Path dir, String subject, int days, KeyAlgorithm algorithm, boolean force) {
        checkDays(days);
        Path keyFile = dir.resolve(CA_KEY);
        Path certificateFile = dir.resolve(CA_CERTIFICATE);
        OutputFiles.refuseExisting(force, keyFile, certificateFile);
        try {
            KeyPair keys = Keys.generate(algorithm);
            // openssl req -x509 -days N: valid from the current second for exactly N days.
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            CertificateAuthority ca = CertificateAuthority.selfSigned(
                    keys, SubjectNames.toRfc4514(subject), now, now.plus(Duration.ofDays(days)));
            OutputFiles.writeSecret(keyFile, Pem.writeTraditional(keys.getPrivate()), force);
            OutputFiles.writePublic(certificateFile, Pem.write(ca.certificate()), force);
            return ca;
        } catch (PkiException e) {
            throw new DicException("cannot make the CA: " + e.getMessage(), e);
        }
    }

    /** Reads {@code CA.crt} and {@code CA.key} from {@code dir} (made by thingcore or openssl) and checks they match. */
    public static CertificateAuthority loadCa(Path dir) {
        Path certificateFile = dir.resolve(CA_CERTIFICATE);
        Path keyFile = dir.resolve(CA_KEY);
        X509Certificate certificate = readCertificate(certificateFile, "the CA certificate");
        PrivateKey key = readKey(keyFile, "the CA key");
        if (!CertificateChecks.isCertificateAuthority(certificate)) {
            throw new DicException(certificateFile + " is not a CA certificate (it lacks basicConstraints CA:TRUE)");
        }
        try {
            return CertificateAuthority.of(certificate, key);
        } catch (PkiException e) {
            throw new DicException(keyFile + " is not the key of " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    /** The files of leaf {@code name} in {@code dir}: {@code NAME.key}, {@code NAME.csr}, {@code NAME.crt}. */
    public static Path keyFile(Path dir, String name) {
        return dir.resolve(name + ".key");
    }

    public static Path csrFile(Path dir, String name) {
        return dir.resolve(name + ".csr");
    }

    public static Path certificateFile(Path dir, String name) {
        return dir.resolve(name + ".crt");
    }

    /** Whether any file of leaf {@code name} exists in {@code dir}. */
    public static boolean leafPresent(Path dir, String name) {
        return Files.exists(keyFile(dir, name)) || Files.exists(certificateFile(dir, name));
    }

    /**
     * Makes a key, a CSR and a v1 certificate signed by {@code ca} valid for {@code days}, written as
     * {@code NAME.key} (0600), {@code NAME.csr} and {@code NAME.crt}. Existing files are refused unless {@code force},
     * before anything is written.
     */
    public static Leaf issueLeaf(
            CertificateAuthority ca,
            Path dir,
            String name,
            String subject,
            int days,
            KeyAlgorithm algorithm,
            boolean force) {
        checkDays(days);
        Path keyFile = keyFile(dir, name);
        Path csrFile = csrFile(dir, name);
        Path certificateFile = certificateFile(dir, name);
        OutputFiles.refuseExisting(force, keyFile, csrFile, certificateFile);
        try {
            KeyPair keys = Keys.generate(algorithm);
            String dn = SubjectNames.toRfc4514(subject);
            CertificateRequest csr = CertificateRequest.create(keys, dn);
            X509Certificate certificate = ca.issue(LeafRequest.version1(csr.publicKey(), dn, Duration.ofDays(days)));
            String keyPem = Pem.writeTraditional(keys.getPrivate());
            String certificatePem = Pem.write(certificate);
            OutputFiles.writeSecret(keyFile, keyPem, force);
            OutputFiles.writePublic(csrFile, Pem.write(csr), force);
            OutputFiles.writePublic(certificateFile, certificatePem, force);
            return new Leaf(keyFile, certificateFile, certificate, certificatePem, keyPem);
        } catch (PkiException e) {
            throw new DicException("cannot make the certificate " + certificateFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code NAME.crt} and {@code NAME.key} and checks that the key belongs to the certificate and that
     * {@code ca} signed it, so a re-run never registers a certificate from another CA.
     */
    public static Leaf loadLeaf(Path dir, String name, CertificateAuthority ca) {
        Path keyFile = keyFile(dir, name);
        Path certificateFile = certificateFile(dir, name);
        String certificatePem = OutputFiles.read(certificateFile, "the certificate");
        X509Certificate certificate = parseCertificate(certificatePem, certificateFile, "the certificate");
        String keyPem = OutputFiles.read(keyFile, "the private key");
        PrivateKey key = parseKey(keyPem, keyFile, "the private key");
        if (!Keys.matches(key, certificate.getPublicKey())) {
            throw new DicException(keyFile + " is not the key of " + certificateFile);
        }
        if (!CertificateChecks.isSignedBy(certificate, ca.certificate())) {
            throw new DicException(certificateFile + " was not issued by the CA "
                    + ca.certificate().getSubjectX500Principal().getName()
                    + "; remove " + keyFile.getFileName() + ", " + certificateFile.getFileName() + " and "
                    + csrFile(dir, name).getFileName() + " to make new ones, or use another output directory");
        }
        return new Leaf(keyFile, certificateFile, certificate, certificatePem, keyPem);
    }

    private static X509Certificate readCertificate(Path file, String what) {
        return parseCertificate(OutputFiles.read(file, what), file, what);
    }

    private static PrivateKey readKey(Path file, String what) {
        return parseKey(OutputFiles.read(file, what), file, what);
    }

    private static X509Certificate parseCertificate(String pem, Path file, String what) {
        try {
            return Pem.readCertificate(pem);
        } catch (PkiException e) {
            throw new DicException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey parseKey(String pem, Path file, String what) {
        try {
            return Pem.readPrivateKey(pem);
        } catch (PkiException e) {
            throw new DicException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkDays(int days) {
        if (days < 1 || days > 36500) {
            throw new DicException("--days must be 1..36500, got " + days);
        }
    }
}
