package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.testkit.pki.TestPki;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PemTest {

    @Test
    void certificateRoundTripsThroughPem() {
        CertificateAuthority ca = TestPki.ca("CN=Round Trip CA").as(CertificateAuthority::of);

        String pem = Pem.write(ca.certificate());
        X509Certificate read = Pem.readCertificate(pem);

        assertThat(read).isEqualTo(ca.certificate());
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    }

    @Test
    void writersUse64ColumnBase64WithNewlinesAndATrailingNewline() {
        KeyPair keys = Keys.generate(KeyAlgorithm.RSA_2048);

        for (String pem : List.of(
                Pem.writePkcs8(keys.getPrivate()),
                Pem.writePkcs1(keys.getPrivate()),
                Pem.writePublicKey(keys.getPublic()))) {
            assertThat(pem).doesNotContain("\r").endsWith("-----\n");
            List<String> body =
                    pem.lines().filter(line -> !line.startsWith("-----")).toList();
            assertThat(body.subList(0, body.size() - 1))
                    .allSatisfy(line -> assertThat(line).hasSize(64));
            assertThat(body.get(body.size() - 1).length()).isBetween(1, 64);
        }
    }

    @Test
    void readCertificatesReturnsEveryBlockInOrderAndSkipsOtherBlocks() {
        CertificateAuthority first = TestPki.ca("CN=First").as(CertificateAuthority::of);
        CertificateAuthority second = TestPki.ca("CN=Second").as(CertificateAuthority::of);
        String pem = "leading text\n" + Pem.write(first.certificate())
                + Pem.writePkcs8(first.privateKey())
                + Pem.write(second.certificate());

        assertThat(Pem.readCertificates(pem)).containsExactly(first.certificate(), second.certificate());
        assertThat(Pem.readCertificate(pem)).isEqualTo(first.certificate());
    }

    @Test
    void readCertificateLooksOnlyAtTheFirstBlock() {
        CertificateAuthority ca = TestPki.ca("CN=Only First").as(CertificateAuthority::of);
        String pem = Pem.write(ca.certificate()) + "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";

        assertThat(Pem.readCertificate(pem)).isEqualTo(ca.certificate());
        assertThatThrownBy(() -> Pem.readCertificates(pem))
                .isInstanceOf(PkiException.class)
                .hasMessage("certificate PEM is malformed: the CERTIFICATE block is not valid base64");
    }

    @Test
    void crlfLineEndingsAreAccepted() {
        CertificateAuthority ca = TestPki.ca("CN=Windows").as(CertificateAuthority::of);

        assertThat(Pem.readCertificate(Pem.write(ca.certificate()).replace("\n", "\r\n")))
                .isEqualTo(ca.certificate());
    }

    @Test
    void version1CertificateRoundTrips() {
        CertificateAuthority ca = TestPki.ca("CN=V1 CA").as(CertificateAuthority::of);
        KeyPair device = Keys.generate(KeyAlgorithm.EC_P256);
        X509Certificate leaf = ca.issue(new LeafRequest(
                device.getPublic(),
                "CN=DIC_2",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.VERSION_1,
                List.of()));

        X509Certificate read = Pem.readCertificate(Pem.write(leaf));

        assertThat(read.getVersion()).isEqualTo(1);
        assertThat(read).isEqualTo(leaf);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void pkcs8RoundTripsAndYieldsTheKeyPair(KeyAlgorithm algorithm) {
        KeyPair keys = Keys.generate(algorithm);

        String pem = Pem.writePkcs8(keys.getPrivate());
        KeyPair read = Pem.readKeyPair(pem);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(read.getPrivate()).isEqualTo(keys.getPrivate());
        assertThat(read.getPublic()).isEqualTo(keys.getPublic());
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "EC_P384", "EC_P521"})
    void sec1RoundTrips(KeyAlgorithm algorithm) {
        KeyPair keys = Keys.generate(algorithm);

        String pem = Pem.writeSec1(keys.getPrivate());

        assertThat(pem)
                .startsWith("-----BEGIN EC PRIVATE KEY-----\n")
                .isEqualTo(Pem.writeTraditional(keys.getPrivate()));
        assertThat(Pem.readPrivateKey(pem)).isEqualTo(keys.getPrivate());
        assertThat(Pem.readKeyPair(pem).getPublic()).isEqualTo(keys.getPublic());
    }

    @Test
    void pkcs1RoundTrips() {
        KeyPair keys = Keys.generate(KeyAlgorithm.RSA_2048);

        String pem = Pem.writePkcs1(keys.getPrivate());

        assertThat(pem)
                .startsWith("-----BEGIN RSA PRIVATE KEY-----\n")
                .isEqualTo(Pem.writeTraditional(keys.getPrivate()));
        assertThat(Pem.readPrivateKey(pem)).isEqualTo(keys.getPrivate());
        assertThat(Pem.readKeyPair(pem).getPublic()).isEqualTo(keys.getPublic());
    }

    @Test
    void sec1KeyAfterAnEcParametersBlockIsRead() {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        // What `openssl ecparam -name prime256v1 -genkey` (without -noout) writes: the curve OID, then the key.
        String pem = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + Pem.writeSec1(keys.getPrivate());

        assertThat(Pem.readPrivateKey(pem)).isEqualTo(keys.getPrivate());
    }

    @Test
    void publicKeyRoundTrips() {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);

        String pem = Pem.writePublicKey(keys.getPublic());

        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n");
        assertThat(Pem.readPublicKey(pem)).isEqualTo(keys.getPublic());
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"EC_P256", "RSA_2048", "EC_P384"})
    void csrRoundTripsWithVerifiedSignature(KeyAlgorithm algorithm) {
        KeyPair keys = Keys.generate(algorithm);
        CertificateRequest csr = CertificateRequest.create(keys, "CN=DIC_2,O=Example");

        String pem = Pem.write(csr);
        CertificateRequest read = Pem.readCsr(pem);

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n");
        assertThat(read).isEqualTo(csr);
        assertThat(read.subject().getName()).isEqualTo("CN=DIC_2,O=Example");
        assertThat(read.publicKey()).isEqualTo(keys.getPublic());
    }

    @Test
    void csrWithTheLegacyNewCertificateRequestLabelIsRead() {
        CertificateRequest csr = CertificateRequest.create(Keys.generate(KeyAlgorithm.EC_P256), "CN=legacy");
        String pem = Pem.write(csr).replace("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");

        assertThat(Pem.readCsr(pem)).isEqualTo(csr);
    }

    @Test
    void csrWithATamperedSignatureIsRejected() {
        byte[] der = CertificateRequest.create(Keys.generate(KeyAlgorithm.RSA_2048), "CN=tampered")
                .encoded();
        der[der.length - 5] ^= 0x01; // inside the RSA signature value, the last field
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder().encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";

        assertThatThrownBy(() -> Pem.readCsr(pem))
                .isInstanceOf(PkiException.class)
                .hasMessage("certificate request signature does not verify with its public key");
    }

    @Test
    void csrSignedByAnotherKeyIsRejected() {
        // Same subject, signature made with a different key than the one in the request: a forged proof of
        // possession. Build it by swapping the signature of one CSR into another of the same length (RSA).
        KeyPair a = Keys.generate(KeyAlgorithm.RSA_2048);
        KeyPair b = Keys.generate(KeyAlgorithm.RSA_2048);
        byte[] derA = CertificateRequest.create(a, "CN=x").encoded();
        byte[] derB = CertificateRequest.create(b, "CN=x").encoded();
        System.arraycopy(derB, derB.length - 256, derA, derA.length - 256, 256);

        assertThatThrownBy(() -> CertificateRequest.fromDer(derA))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void textWithoutACertificateBlockIsRejected() {
        assertThatThrownBy(() -> Pem.readCertificate("hello"))
                .isInstanceOf(PkiException.class)
                .hasMessage("certificate PEM is malformed: no BEGIN CERTIFICATE block");
        assertThatThrownBy(() -> Pem.readCertificates(
                        Pem.writePkcs8(Keys.generate(KeyAlgorithm.EC_P256).getPrivate())))
                .isInstanceOf(PkiException.class)
                .hasMessage("certificate PEM is malformed: no BEGIN CERTIFICATE block");
    }

    @Test
    void emptyOrNullInputIsRejectedWithoutNullPointerException() {
        assertThatThrownBy(() -> Pem.readCertificate(null))
                .isInstanceOf(PkiException.class)
                .hasMessage("certificate PEM is empty");
        assertThatThrownBy(() -> Pem.readPrivateKey("  "))
                .isInstanceOf(PkiException.class)
                .hasMessage("private key PEM is empty");
        assertThatThrownBy(() -> Pem.readCsr(""))
                .isInstanceOf(PkiException.class)
                .hasMessage("certificate request PEM is empty");
    }

    @Test
    void blockWithoutEndLineIsRejected() {
        String pem = Pem.write(TestPki.ca("CN=cut").as(CertificateAuthority::of).certificate());
        String cut = pem.substring(0, pem.indexOf("-----END"));

        assertThatThrownBy(() -> Pem.readCertificate(cut))
                .isInstanceOf(PkiException.class)
                .hasMessage("certificate PEM is malformed: BEGIN CERTIFICATE without END CERTIFICATE");
    }

    @Test
    void blockEndingWithTheWrongLabelIsRejected() {
        String pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.readCertificate(pem))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("BEGIN CERTIFICATE is followed by \"-----END PRIVATE KEY-----\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AAAA", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", "dGhpcyBpcyBub3QgREVS"})
    void certificateBlockWithGarbageDerIsRejected(String base64) {
        String pem = "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";

        assertThatThrownBy(() -> Pem.readCertificate(pem))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith(
                        "certificate PEM is malformed: CERTIFICATE block is not a valid X.509 certificate");
    }

    @Test
    void truncatedCertificateIsRejected() {
        String pem = Pem.write(
                TestPki.ca("CN=truncated").as(CertificateAuthority::of).certificate());
        List<String> lines = pem.lines().toList();
        String truncated = String.join("\n", lines.subList(0, 3)) + "\n" + lines.get(lines.size() - 1) + "\n";

        assertThatThrownBy(() -> Pem.readCertificate(truncated))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("certificate PEM is malformed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"})
    void privateKeyBlockWithGarbageIsRejected(String label) {
        String pem = "-----BEGIN " + label + "-----\nMAMCAQA=\n-----END " + label + "-----\n";

        assertThatThrownBy(() -> Pem.readPrivateKey(pem))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("private key PEM is malformed: the " + label + " block is not a valid key");
    }

    @Test
    void textWithoutAPrivateKeyIsRejected() {
        assertThatThrownBy(() -> Pem.readPrivateKey(Pem.write(
                        TestPki.ca("CN=no key").as(CertificateAuthority::of).certificate())))
                .isInstanceOf(PkiException.class)
                .hasMessage("private key PEM is malformed: no BEGIN PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY"
                        + " block");
    }

    @Test
    void encryptedPkcs8KeyIsRejected() {
        String pem = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQA=\n-----END ENCRYPTED PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.readPrivateKey(pem))
                .isInstanceOf(PkiException.class)
                .hasMessage("encrypted private keys are not supported");
    }

    @Test
    void encryptedTraditionalKeyIsRejected() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.readPrivateKey(pem))
                .isInstanceOf(PkiException.class)
                .hasMessage("encrypted private keys are not supported");
    }

    @Test
    void writingAnRsaKeyAsSec1OrAnEcKeyAsPkcs1IsRejected() {
        PrivateKey rsa = Keys.generate(KeyAlgorithm.RSA_2048).getPrivate();
        PrivateKey ec = Keys.generate(KeyAlgorithm.EC_P256).getPrivate();

        assertThatThrownBy(() -> Pem.writeSec1(rsa))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("EC key");
        assertThatThrownBy(() -> Pem.writePkcs1(ec))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("RSA key");
    }

    @Test
    void csrBlockWithGarbageIsRejected() {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\nMAMCAQA=\n-----END CERTIFICATE REQUEST-----\n";

        assertThatThrownBy(() -> Pem.readCsr(pem))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("certificate request is malformed");
    }

    @Test
    void ecPrivateKeyOfZeroIsRejected() {
        // SEC1: version 1, privateKey 32 zero octets, parameters [0] prime256v1.
        byte[] der = new byte[2 + 3 + 34 + 12];
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(der);
        buffer.put(new byte[] {0x30, (byte) (der.length - 2), 0x02, 0x01, 0x01, 0x04, 0x20});
        buffer.put(new byte[32]);
        buffer.put(
                new byte[] {(byte) 0xa0, 0x0a, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07
                });
        String pem = "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(der)
                + "\n-----END EC PRIVATE KEY-----\n";

        assertThatThrownBy(() -> Pem.readKeyPair(pem))
                .isInstanceOf(PkiException.class)
                .hasMessage("EC private key is out of range for its curve");
    }
}
