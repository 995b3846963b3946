package io.thingcore.pki.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.PkiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    private static X509Certificate certificateOf(KeyPair keys) {
        return CertificateAuthority.selfSigned(keys, "CN=code signer", NOW, NOW.plus(Duration.ofDays(365)))
                .certificate();
    }

    private Path image(int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve("app-" + size + ".gbl"), bytes);
    }

    @Test
    void aSignatureVerifiesAgainstTheSignersCertificateAndRecordsDigestAndSize()
            throws IOException, NoSuchAlgorithmException {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        // larger than the 64 KiB read buffer, and not a multiple of it
        Path file = image(1024 * 1024 + 7);

        CodeSignature signature = CodeSigner.sign(file, keys.getPrivate());

        assertThat(CodeSigner.verify(file, signature.signature(), certificateOf(keys)))
                .isTrue();
        assertThat(signature.size()).isEqualTo(1024 * 1024 + 7);
        assertThat(signature.sha256())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        // DER ECDSA-Sig-Value: a SEQUENCE (0x30) of two INTEGERs, at most 72 bytes for P-256
        assertThat(signature.signature()[0]).isEqualTo((byte) 0x30);
        assertThat(signature.signature().length).isBetween(8, 72);
    }

    @Test
    void aChangedFileAnotherKeyOrAMalformedSignatureDoNotVerify() throws IOException {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        Path file = image(4096);
        byte[] signature = CodeSigner.sign(file, keys.getPrivate()).signature();

        byte[] changed = Files.readAllBytes(file);
        changed[2048] ^= 1;
        Path tampered = Files.write(dir.resolve("tampered.gbl"), changed);
        assertThat(CodeSigner.verify(tampered, signature, certificateOf(keys))).isFalse();

        X509Certificate stranger = certificateOf(Keys.generate(KeyAlgorithm.EC_P256));
        assertThat(CodeSigner.verify(file, signature, stranger)).isFalse();

        assertThat(CodeSigner.verify(file, Arrays.copyOf(signature, 10), certificateOf(keys)))
                .isFalse();
    }

    @Test
    void keysOtherThanP256AreRefusedWithTheCommandThatMakesOne() throws IOException {
        Path file = image(16);
        for (KeyAlgorithm algorithm : new KeyAlgorithm[] {KeyAlgorithm.RSA_2048, KeyAlgorithm.EC_P384}) {
            KeyPair keys = Keys.generate(algorithm);
            assertThatThrownBy(() -> CodeSigner.sign(file, keys.getPrivate()))
                    .isInstanceOf(PkiException.class)
                    .hasMessageContaining(algorithm.toString())
                    .hasMessageContaining("openssl ecparam -name prime256v1 -genkey");
        }
    }

    @Test
    void aMissingFileIsReportedByName() {
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        Path missing = dir.resolve("missing.gbl");
        assertThatThrownBy(() -> CodeSigner.sign(missing, keys.getPrivate()))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("missing.gbl");
    }
}
