package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.pki.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both directions against the openssl command line: what openssl makes we read, what we make openssl accepts. */
class OpenSslInteropTest {
    @TempDir
    Path dir;

    @BeforeEach
    void requireOpenssl() {
        OpenSsl.assumeAvailable();
    }

    // ---------------------------------------------------------------- openssl -> thingcore

    @Test
    void readsEverythingTheDicGuideCommandsMake() throws IOException {
        // The Silicon Labs DIC guide's commands, verbatim.
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "CA.key");
        OpenSsl.run(
                dir,
                "req",
                "-new",
                "-x509",
                "-days",
                "1826",
                "-key",
                "CA.key",
                "-out",
                "CA.crt",
                "-subj",
                "/CN=DIC CA");
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "device.key");
        OpenSsl.run(dir, "req", "-new", "-key", "device.key", "-out", "device.csr", "-subj", "/CN=DIC_2");
        OpenSsl.run(
                dir,
                "x509",
                "-req",
                "-in",
                "device.csr",
                "-CA",
                "CA.crt",
                "-CAkey",
                "CA.key",
                "-CAcreateserial",
                "-out",
                "device.crt",
                "-days",
                "360",
                "-sha256");

        X509Certificate caCertificate = Pem.readCertificate(read("CA.crt"));
        KeyPair caKeys = Pem.readKeyPair(read("CA.key"));
        KeyPair deviceKeys = Pem.readKeyPair(read("device.key"));
        CertificateRequest csr = Pem.readCsr(read("device.csr"));
        X509Certificate device = Pem.readCertificate(read("device.crt"));

        assertThat(CertificateChecks.isCertificateAuthority(caCertificate)).isTrue();
        assertThat(CertificateChecks.isSelfSigned(caCertificate)).isTrue();
        assertThat(caKeys.getPublic()).isEqualTo(caCertificate.getPublicKey());
        assertThat(Keys.algorithmOf(caKeys.getPrivate())).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(csr.subject().getName()).isEqualTo("CN=DIC_2");
        assertThat(csr.publicKey()).isEqualTo(deviceKeys.getPublic());
        assertThat(device.getVersion()).isEqualTo(1);
        assertThat(device.getPublicKey()).isEqualTo(deviceKeys.getPublic());
        assertThat(CertificateChecks.isSignedBy(device, caCertificate)).isTrue();
        assertThat(CertificateChecks.isCertificateAuthority(device)).isFalse();
        assertThat(CertificateAuthority.of(caCertificate, caKeys.getPrivate()).certificate())
                .isEqualTo(caCertificate);
    }

    @Test
    void certificateIdEqualsSha256OfOpensslDerOutput() throws IOException {
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "CA.key");
        OpenSsl.run(
                dir, "req", "-new", "-x509", "-days", "30", "-key", "CA.key", "-out", "CA.crt", "-subj", "/CN=Id CA");
        // openssl x509 -outform der | sha256sum, without the shell.
        byte[] der =
                OpenSsl.tryRun(dir, "x509", "-in", "CA.crt", "-outform", "der").stdoutBytes();
        Files.write(dir.resolve("CA.der"), der);
        String digest = OpenSsl.run(dir, "dgst", "-sha256", "-r", "CA.der").split(" ")[0];

        assertThat(CertificateIds.of(Pem.readCertificate(read("CA.crt"))))
                .isEqualTo(digest)
                .hasSize(64);
    }

    @Test
    void readsEcKeyWithTheEcParametersBlockThatEcparamGenkeyWrites() throws IOException {
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "withparams.key");
        String pem = read("withparams.key");
        String publicPem = OpenSsl.run(dir, "pkey", "-in", "withparams.key", "-pubout");

        assertThat(pem).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        assertThat(Pem.writePublicKey(Pem.readKeyPair(pem).getPublic())).isEqualTo(publicPem);
    }

    @Test
    void readsGenrsaTraditionalPkcs1AndDefaultPkcs8() throws IOException {
        OpenSsl.run(dir, "genrsa", "-traditional", "-out", "pkcs1.key", "2048");
        OpenSsl.run(dir, "genrsa", "-out", "default.key", "2048");

        for (String file : List.of("pkcs1.key", "default.key")) {
            KeyPair keys = Pem.readKeyPair(read(file));
            assertThat(Keys.algorithmOf(keys.getPrivate())).isEqualTo(KeyAlgorithm.RSA_2048);
            assertThat(Pem.writePublicKey(keys.getPublic()))
                    .isEqualTo(OpenSsl.run(dir, "pkey", "-in", file, "-pubout"));
        }
        assertThat(read("pkcs1.key")).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void readsGenpkeyPkcs8EcAndRsaKeys() throws IOException {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key");
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec384.key");
        OpenSsl.run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", "rsa.key");

        assertThat(Keys.algorithmOf(Pem.readPrivateKey(read("ec.key")))).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(Keys.algorithmOf(Pem.readPrivateKey(read("ec384.key")))).isEqualTo(KeyAlgorithm.EC_P384);
        assertThat(Keys.algorithmOf(Pem.readPrivateKey(read("rsa.key")))).isEqualTo(KeyAlgorithm.RSA_3072);
        for (String file : List.of("ec.key", "ec384.key", "rsa.key")) {
            assertThat(Pem.writePublicKey(Pem.readKeyPair(read(file)).getPublic()))
                    .isEqualTo(OpenSsl.run(dir, "pkey", "-in", file, "-pubout"));
        }
    }

    @Test
    void rejectsOpensslEncryptedKeysWithAClearMessage() throws IOException {
        OpenSsl.run(
                dir,
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes256",
                "-pass",
                "pass:secret",
                "-out",
                "encrypted.key");
        OpenSsl.run(
                dir,
                "ec",
                "-in",
                "encrypted.key",
                "-passin",
                "pass:secret",
                "-aes128",
                "-passout",
                "pass:secret",
                "-out",
                "encrypted-sec1.key");

        for (String file : List.of("encrypted.key", "encrypted-sec1.key")) {
            String pem = read(file);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pem.readPrivateKey(pem))
                    .isInstanceOf(PkiException.class)
                    .hasMessage("encrypted private keys are not supported");
        }
    }

    @Test
    void issuesAClientCertificateForAnOpensslCsrThatOpensslVerifies() throws IOException {
        CertificateAuthority ca = TestPki.ca("CN=thingcore device CA").as(CertificateAuthority::of);
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "device.key");
        OpenSsl.run(dir, "req", "-new", "-key", "device.key", "-out", "device.csr", "-subj", "/CN=DIC_2");
        CertificateRequest csr = Pem.readCsr(read("device.csr"));

        X509Certificate leaf = ca.issue(new LeafRequest(
                csr.publicKey(),
                csr.subject().getName(),
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));
        write("ca.pem", Pem.write(ca.certificate()));
        write("leaf.pem", Pem.write(leaf));

        assertThat(OpenSsl.run(dir, "verify", "-purpose", "sslclient", "-CAfile", "ca.pem", "leaf.pem"))
                .isEqualTo("leaf.pem: OK\n");
    }

    // ---------------------------------------------------------------- thingcore -> openssl

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "EC_P384", "RSA_2048"})
    void opensslReadsOurPkcs8AndProducesTheSameBytes(KeyAlgorithm algorithm) throws IOException {
        KeyPair keys = Keys.generate(algorithm);
        write("key.pem", Pem.writePkcs8(keys.getPrivate()));

        OpenSsl.run(dir, "pkey", "-in", "key.pem", "-noout");
        assertThat(OpenSsl.run(dir, "pkey", "-in", "key.pem")).isEqualTo(Pem.writePkcs8(keys.getPrivate()));
        assertThat(OpenSsl.run(dir, "pkey", "-in", "key.pem", "-pubout"))
                .isEqualTo(Pem.writePublicKey(keys.getPublic()));
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "EC_P384", "EC_P521"})
    void opensslEcReadsOurSec1AndWritesTheSameBytes(KeyAlgorithm algorithm) throws IOException {
        PrivateKey key = Keys.generate(algorithm).getPrivate();
        write("key.pem", Pem.writeSec1(key));

        OpenSsl.run(dir, "ec", "-in", "key.pem", "-check", "-noout");
        assertThat(OpenSsl.run(dir, "ec", "-in", "key.pem")).isEqualTo(Pem.writeSec1(key));
        assertThat(OpenSsl.run(dir, "pkey", "-in", "key.pem")).isEqualTo(Pem.writePkcs8(key));
    }

    @Test
    void opensslRsaReadsOurPkcs1AndWritesTheSameBytes() throws IOException {
        PrivateKey key = Keys.generate(KeyAlgorithm.RSA_2048).getPrivate();
        write("key.pem", Pem.writePkcs1(key));

        OpenSsl.run(dir, "rsa", "-in", "key.pem", "-check", "-noout");
        assertThat(OpenSsl.run(dir, "rsa", "-in", "key.pem", "-traditional")).isEqualTo(Pem.writePkcs1(key));
    }

    @Test
    void opensslVerifiesOurCsr() throws IOException {
        write("csr.pem", Pem.write(CertificateRequest.create(Keys.generate(KeyAlgorithm.EC_P256), "CN=DIC_2")));

        OpenSsl.run(dir, "req", "-in", "csr.pem", "-verify", "-noout");
        assertThat(OpenSsl.run(dir, "req", "-in", "csr.pem", "-noout", "-subject"))
                .isEqualTo("subject=CN = DIC_2\n");
    }

    @ParameterizedTest
    @EnumSource(LeafProfile.class)
    void opensslVerifiesOurLeavesAgainstOurCa(LeafProfile profile) throws IOException {
        CertificateAuthority ca = TestPki.ca("CN=DIC CA").as(CertificateAuthority::of);
        List<String> names = profile == LeafProfile.SERVER ? List.of("localhost", "127.0.0.1", "::1") : List.of();
        X509Certificate leaf = ca.issue(new LeafRequest(
                Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                profile,
                names));
        write("ca.pem", Pem.write(ca.certificate()));
        write("leaf.pem", Pem.write(leaf));
        String purpose = profile == LeafProfile.SERVER ? "sslserver" : "sslclient";

        OpenSsl.run(dir, "x509", "-in", "ca.pem", "-noout");
        OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout");
        assertThat(OpenSsl.run(dir, "verify", "-purpose", purpose, "-CAfile", "ca.pem", "leaf.pem"))
                .isEqualTo("leaf.pem: OK\n");
    }

    @Test
    void opensslRejectsOurLeafAgainstAFakeRootWithTheSameSubject() throws IOException {
        CertificateAuthority ca = TestPki.ca("CN=DIC CA").as(CertificateAuthority::of);
        CertificateAuthority fake = TestPki.ca("CN=DIC CA").as(CertificateAuthority::of);
        X509Certificate leaf = ca.issue(new LeafRequest(
                Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                "CN=leaf",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.CLIENT,
                List.of()));
        write("fake.pem", Pem.write(fake.certificate()));
        write("leaf.pem", Pem.write(leaf));

        assertThat(OpenSsl.tryRun(dir, "verify", "-CAfile", "fake.pem", "leaf.pem")
                        .exitCode())
                .isNotZero();
    }

    @Test
    void opensslShowsOurCaExtensionsAndServerSubjectAltNames() throws IOException {
        CertificateAuthority ca = TestPki.ca("CN=DIC CA").as(CertificateAuthority::of);
        X509Certificate leaf = ca.issue(new LeafRequest(
                Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                "CN=gw",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.SERVER,
                List.of("gw.example", "::1")));
        write("ca.pem", Pem.write(ca.certificate()));
        write("leaf.pem", Pem.write(leaf));

        assertThat(OpenSsl.run(dir, "x509", "-in", "ca.pem", "-noout", "-text"))
                .contains("X509v3 Basic Constraints: critical", "CA:TRUE")
                .contains("X509v3 Key Usage: critical", "Certificate Sign, CRL Sign");
        assertThat(OpenSsl.run(dir, "x509", "-in", "leaf.pem", "-noout", "-text"))
                .contains("DNS:gw.example, IP Address:0:0:0:0:0:0:0:1")
                .contains("TLS Web Server Authentication")
                .contains("CA:FALSE");
    }

    @Test
    void opensslSigningWithOurCaKeyIsVerifiedByUs() throws IOException {
        // Our CA files, used the DIC way by openssl x509 -req: the certificate it makes chains to our CA.
        CertificateAuthority ca = TestPki.ca("CN=DIC CA").as(CertificateAuthority::of);
        write("CA.crt", Pem.write(ca.certificate()));
        write("CA.key", Pem.writeSec1(ca.privateKey()));
        KeyPair device = Keys.generate(KeyAlgorithm.EC_P256);
        write("device.csr", Pem.write(CertificateRequest.create(device, "CN=DIC_3")));
        OpenSsl.run(
                dir,
                "x509",
                "-req",
                "-in",
                "device.csr",
                "-CA",
                "CA.crt",
                "-CAkey",
                "CA.key",
                "-CAcreateserial",
                "-out",
                "device.crt",
                "-days",
                "360",
                "-sha256");

        X509Certificate leaf = Pem.readCertificate(read("device.crt"));

        assertThat(CertificateChecks.isSignedBy(leaf, ca.certificate())).isTrue();
        assertThat(leaf.getPublicKey()).isEqualTo(device.getPublic());
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }
}
