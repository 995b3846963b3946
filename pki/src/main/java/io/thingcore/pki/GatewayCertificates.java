package io.thingcore.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.util.IPAddress;

/**
 * The gateway's own PKI, kept in its data directory (docs/architecture.md, pki: the gateway's own server CA and server
 * certificate, issued on first start). Under {@code <dataDir>/pki/} (mode 0700):
 *
 * <ul>
 *   <li>{@code server-ca.pem}/{@code server-ca.key}: EC P-256 root "CN=thingcore server CA", 10 years; clients
 *       trust it to verify the gateway (the role Amazon Root CA 1 plays on AWS). A user-facing copy is written to
 *       {@code <dataDir>/server-ca.pem}, the path connection.json names.
 *   <li>{@code server.pem}/{@code server.key}: the TLS server certificate (chain: leaf, server CA) for the host
 *       names plus {@code 127.0.0.1} and {@code ::1}, 397 days (the longest validity browsers and Apple clients
 *       accept); reissued when the names change, it is no longer signed by the server CA, or it expires within
 *       30 days.
 *   <li>{@code device-ca.pem}/{@code device-ca.key}: EC P-256 root "CN=thingcore device CA", 20 years; signs the
 *       certificates that CreateKeysAndCertificate and CreateCertificateFromCsr hand out.
 * </ul>
 *
 * <p>Private keys are PKCS#8 (what Netty's {@code SslContextBuilder} reads), created with mode 0600 from the start
 * and moved into place atomically, so a key is never world-readable and a crash never leaves half a file. CAs are
 * never regenerated behind the user's back: a CA file that is missing its partner, unreadable or corrupt stops
 * start-up with a {@link PkiException} naming the file, since a silently new CA would break every device and
 * client that trusts the old one. The server certificate is derived state and is simply reissued when unusable.
 *
 * <p>Not safe for two gateway processes starting on the same data directory at the same moment.
 */
public final class GatewayCertificates {
    /** Subdirectory of the data directory that holds the files. */
    public static final String DIRECTORY = "pki";

    static final String SERVER_CA = "server-ca";
    static final String DEVICE_CA = "device-ca";
    static final String SERVER = "server";
    static final String SERVER_CA_SUBJECT = "CN=thingcore server CA";
    static final String DEVICE_CA_SUBJECT = "CN=thingcore device CA";
    static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private final Path serverCaFile;
    private final X509Certificate serverCaCertificate;
    private final List<X509Certificate> serverCertificateChain;
    private final PrivateKey serverPrivateKey;
    private final Path serverCertificateFile;
    private final Path serverKeyFile;
    private final CertificateAuthority deviceCa;
    private final Path deviceCaFile;

    private GatewayCertificates(
            Path serverCaFile,
            X509Certificate serverCaCertificate,
            List<X509Certificate> serverCertificateChain,
            PrivateKey serverPrivateKey,
            Path serverCertificateFile,
            Path serverKeyFile,
            CertificateAuthority deviceCa,
            Path deviceCaFile) {
        this.serverCaFile = serverCaFile;
        this.serverCaCertificate = serverCaCertificate;
        this.serverCertificateChain = List.copyOf(serverCertificateChain);
        this.serverPrivateKey = serverPrivateKey;
        this.serverCertificateFile = serverCertificateFile;
        this.serverKeyFile = serverKeyFile;
        this.deviceCa = deviceCa;
        this.deviceCaFile = deviceCaFile;
    }

    /**
     * Loads the gateway PKI from {@code dataDir}, creating whatever is missing. {@code hostNames} are the DNS names
     * or IP literals clients use to reach the gateway; the first one becomes the server certificate's CN (an empty
     * list means {@code localhost}).
     */
    public static GatewayCertificates loadOrCreate(Path dataDir, List<String> hostNames, Clock clock) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
        Path directory = pkiDirectory(dataDir);
        Instant now = clock.instant();
        CertificateAuthority serverCa = loadOrCreateCa(directory, SERVER_CA, SERVER_CA_SUBJECT, 10, now);
        CertificateAuthority deviceCa = loadOrCreateCa(directory, DEVICE_CA, DEVICE_CA_SUBJECT, 20, now);

        List<String> names = serverNames(hostNames);
        Path certificateFile = directory.resolve(SERVER + ".pem");
        Path keyFile = directory.resolve(SERVER + ".key");
        X509Certificate leaf = null;
        PrivateKey key = null;
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            leaf = parse(certificateFile, Pem::readCertificate);
            key = parse(keyFile, Pem::readPrivateKey);
        }
        if (leaf == null || key == null || !reusable(leaf, key, serverCa, names, now)) {
            KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
            Instant notAfter = now.plus(SERVER_VALIDITY);
            Instant caNotAfter = serverCa.certificate().getNotAfter().toInstant();
            if (notAfter.isAfter(caNotAfter)) {
                // A leaf outliving its CA fails path validation on the CA anyway (RFC 5280 6.1.3 (a)(2)).
                notAfter = caNotAfter;
            }
            leaf = serverCa.issue(new LeafRequest(
                    keys.getPublic(),
                    Names.commonName(names.get(0)),
                    now.minus(LeafRequest.BACKDATE),
                    notAfter,
                    LeafProfile.SERVER,
                    names));
            key = keys.getPrivate();
            // Key first: a crash in between leaves a key that does not match the old certificate, which the next
            // start detects and repairs by reissuing.
            writeFile(keyFile, Pem.writePkcs8(key), true);
            writeFile(certificateFile, Pem.write(List.of(leaf, serverCa.certificate())), false);
        }
        Path userCopy = dataDir.resolve(SERVER_CA + ".pem");
        writeIfChanged(userCopy, Pem.write(serverCa.certificate()));
        return new GatewayCertificates(
                userCopy,
                serverCa.certificate(),
                List.of(leaf, serverCa.certificate()),
                key,
                certificateFile,
                keyFile,
                deviceCa,
                directory.resolve(DEVICE_CA + ".pem"));
    }

    /**
     * Uses a server certificate and key the user supplies ({@code certPem} may hold the chain, leaf first); the
     * device CA is still loaded or created under {@code dataDir}. {@link #serverCaCertificate()} is the last
     * certificate of the chain if it is a CA, else the leaf itself (a self-signed server certificate), and its copy
     * is written to {@code <dataDir>/server-ca.pem}.
     */
    public static GatewayCertificates withServerCertificate(Path dataDir, Path certPem, Path keyPem, Clock clock) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        Objects.requireNonNull(clock, "clock");
        List<X509Certificate> chain = parse(certPem, Pem::readCertificates);
        PrivateKey key = parse(keyPem, Pem::readPrivateKey);
        X509Certificate leaf = chain.get(0);
        if (!Keys.matches(key, leaf.getPublicKey())) {
            throw new PkiException(keyPem + ": the private key does not belong to the certificate in " + certPem);
        }
        Path directory = pkiDirectory(dataDir);
        CertificateAuthority deviceCa = loadOrCreateCa(directory, DEVICE_CA, DEVICE_CA_SUBJECT, 20, clock.instant());
        X509Certificate last = chain.get(chain.size() - 1);
        X509Certificate serverCa = CertificateChecks.isCertificateAuthority(last) ? last : leaf;
        Path userCopy = dataDir.resolve(SERVER_CA + ".pem");
        writeIfChanged(userCopy, Pem.write(serverCa));
        return new GatewayCertificates(
                userCopy, serverCa, chain, key, certPem, keyPem, deviceCa, directory.resolve(DEVICE_CA + ".pem"));
    }

    /** {@code <dataDir>/server-ca.pem}: the server CA for users and clients (named in connection.json). */
    public Path serverCaFile() {
        return serverCaFile;
    }

    /** The certificate clients trust to verify the gateway. */
    public X509Certificate serverCaCertificate() {
        return serverCaCertificate;
    }

    /** The server certificate chain to send in TLS, leaf first. */
    public List<X509Certificate> serverCertificateChain() {
        return serverCertificateChain;
    }

    /** The server certificate's private key. */
    public PrivateKey serverPrivateKey() {
        return serverPrivateKey;
    }

    /** The PEM file with the server certificate chain, leaf first (for Netty's {@code SslContextBuilder}). */
    public Path serverCertificateFile() {
        return serverCertificateFile;
    }

    /** The PEM file with the server's private key (PKCS#8 when created here). */
    public Path serverKeyFile() {
        return serverKeyFile;
    }

    /** The CA that signs certificates created by CreateKeysAndCertificate and CreateCertificateFromCsr. */
    public CertificateAuthority deviceCa() {
        return deviceCa;
    }

    /** {@code <dataDir>/pki/device-ca.pem}: the device CA certificate. */
    public Path deviceCaFile() {
        return deviceCaFile;
    }

    // ---------------------------------------------------------------- internals

    private static CertificateAuthority loadOrCreateCa(
            Path directory, String name, String subject, int years, Instant now) {
        Path certificateFile = directory.resolve(name + ".pem");
        Path keyFile = directory.resolve(name + ".key");
        boolean haveCertificate = Files.exists(certificateFile);
        boolean haveKey = Files.exists(keyFile);
        if (haveCertificate != haveKey) {
            Path missing = haveCertificate ? keyFile : certificateFile;
            Path present = haveCertificate ? certificateFile : keyFile;
            throw new PkiException(missing + " is missing but " + present + " exists; restore it, or delete both"
                    + " to create a new CA (clients trusting the old one will then fail)");
        }
        if (haveCertificate) {
            X509Certificate certificate = parse(certificateFile, Pem::readCertificate);
            PrivateKey key = parse(keyFile, Pem::readPrivateKey);
            if (!CertificateChecks.isCertificateAuthority(certificate)) {
                throw new PkiException(certificateFile + ": not a CA certificate (no basicConstraints CA:TRUE)");
            }
            try {
                return CertificateAuthority.of(certificate, key);
            } catch (PkiException e) {
                throw new PkiException(keyFile + ": " + e.getMessage(), e);
            }
        }
        CertificateAuthority ca = CertificateAuthority.selfSigned(
                Keys.generate(KeyAlgorithm.EC_P256),
                subject,
                now.minus(LeafRequest.BACKDATE),
                now.atOffset(ZoneOffset.UTC).plusYears(years).toInstant());
        writeFile(keyFile, Pem.writePkcs8(ca.privateKey()), true);
        writeFile(certificateFile, Pem.write(ca.certificate()), false);
        return ca;
    }

    private static boolean reusable(
            X509Certificate leaf, PrivateKey key, CertificateAuthority ca, List<String> names, Instant now) {
        return CertificateChecks.isSignedBy(leaf, ca.certificate())
                && Keys.matches(key, leaf.getPublicKey())
                && CertificateChecks.isValidAt(leaf, now)
                && leaf.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE))
                && subjectAltNames(leaf).equals(normalized(names));
    }

    /** The host names, then the loopback addresses, without duplicates; {@code localhost} if none given. */
    static List<String> serverNames(List<String> hostNames) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> names = new ArrayList<>();
        List<String> given = hostNames == null || hostNames.isEmpty() ? List.of("localhost") : hostNames;
        for (String name : given) {
            if (name == null || name.isBlank()) {
                throw new PkiException("host name is empty");
            }
            String trimmed = name.strip();
            if (seen.add(normalize(trimmed))) {
                names.add(trimmed);
            }
        }
        for (String loopback : LOOPBACK) {
            if (seen.add(normalize(loopback))) {
                names.add(loopback);
            }
        }
        return names;
    }

    private static Set<String> normalized(List<String> names) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : names) {
            out.add(normalize(name));
        }
        return out;
    }

    /** DNS names compare case-insensitively (RFC 4343); IP literals by address, so "::1" equals "0:0:0:0:0:0:0:1". */
    private static String normalize(String name) {
        if (IPAddress.isValid(name)) {
            try {
                // A literal is parsed, never resolved (InetAddress.getByName javadoc).
                return "ip:" + InetAddress.getByName(name).getHostAddress();
            } catch (UnknownHostException e) {
                return "ip:" + name;
            }
        }
        return "dns:" + name.toLowerCase(Locale.ROOT);
    }

    /** The dNSName and iPAddress entries of the certificate, normalized like {@link #normalize}. */
    static Set<String> subjectAltNames(X509Certificate certificate) {
        Set<String> out = new LinkedHashSet<>();
        for (SubjectAltName name : SubjectAltName.of(certificate)) {
            if (name.type() == SubjectAltName.DNS_NAME || name.type() == SubjectAltName.IP_ADDRESS) {
                out.add(normalize(name.value()));
            }
        }
        return out;
    }

    private static Path pkiDirectory(Path dataDir) {
        Path directory = dataDir.resolve(DIRECTORY);
        try {
            Files.createDirectories(dataDir);
            if (!Files.isDirectory(directory)) {
                // Created 0700 from the start (umask can only narrow it) rather than chmod'ed afterwards.
                Files.createDirectory(directory, attributes(dataDir, OWNER_ONLY_DIRECTORY));
            }
        } catch (FileAlreadyExistsException e) {
            throw new PkiException(directory + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new PkiException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        return directory;
    }

    private interface Parser<T> {
        T parse(String pem);
    }

    /** Reads and parses a file, naming the file in any error. */
    private static <T> T parse(Path file, Parser<T> parser) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new PkiException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parser.parse(text);
        } catch (PkiException e) {
            throw new PkiException(file + ": " + e.getMessage(), e);
        }
    }

    private static void writeIfChanged(Path file, String content) {
        try {
            if (Files.isRegularFile(file)
                    && Files.readString(file, StandardCharsets.US_ASCII).equals(content)) {
                return;
            }
        } catch (IOException e) {
            // Unreadable or not ASCII: fall through and replace it.
        }
        writeFile(file, content, false);
    }

    /**
     * Writes a file by creating a temporary sibling with the final permissions and renaming it over the target, so
     * readers see the old or the new file, never a partial one, and a key is 0600 from its first byte.
     */
    private static void writeFile(Path file, String content, boolean secret) {
        Path directory =
                Objects.requireNonNull(file.toAbsolutePath().getParent(), "an absolute file path has a parent");
        Path temporary = null;
        try {
            temporary = Files.createTempFile(
                    directory,
                    "." + file.getFileName(),
                    ".tmp",
                    attributes(directory, secret ? OWNER_ONLY_FILE : PUBLIC_FILE));
            Files.writeString(temporary, content, StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw new PkiException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // Best effort: the write already failed and that is the error reported.
                }
            }
        }
    }

    private static FileAttribute<?>[] attributes(Path directory, Set<PosixFilePermission> permissions) {
        if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
        }
        return new FileAttribute<?>[0];
    }
}
