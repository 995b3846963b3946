package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.pki.signing.CodeSignature;
import io.thingcore.pki.signing.CodeSigner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTA code signatures against openssl, which is what the AWS IoT OTA library's Linux platform layer verifies with
 * ({@code EVP_DigestVerify} with SHA-256 over the file, key from the {@code certfile} certificate) and what a user
 * who signs by hand runs.
 */
class CodeSigningInteropTest {
    @TempDir
    Path dir;

    @BeforeEach
    void requireOpenssl() {
        OpenSsl.assumeAvailable();
    }

    private Path image() throws IOException {
        byte[] bytes = new byte[300_001];
        new Random(1).nextBytes(bytes);
        return Files.write(dir.resolve("app.gbl"), bytes);
    }

    @Test
    void opensslVerifiesWhatThingcoreSigns() throws IOException {
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "signer.key");
        OpenSsl.run(dir, "ec", "-in", "signer.key", "-pubout", "-out", "signer.pub");
        Path image = image();

        CodeSignature signature =
                CodeSigner.sign(image, Pem.readPrivateKey(Files.readString(dir.resolve("signer.key"))));
        Files.write(dir.resolve("app.sig"), signature.signature());

        String out = OpenSsl.run(dir, "dgst", "-sha256", "-verify", "signer.pub", "-signature", "app.sig", "app.gbl");
        assertThat(out).contains("Verified OK");
        assertThat(signature.sha256Hex())
                .isEqualTo(OpenSsl.run(dir, "dgst", "-sha256", "-r", "app.gbl").split(" ")[0]);
    }

    @Test
    void thingcoreVerifiesWhatOpensslSigns() throws IOException {
        OpenSsl.run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "signer.key");
        OpenSsl.run(
                dir,
                "req",
                "-new",
                "-x509",
                "-days",
                "30",
                "-key",
                "signer.key",
                "-out",
                "signer.crt",
                "-subj",
                "/CN=OTA signer");
        Path image = image();
        OpenSsl.run(dir, "dgst", "-sha256", "-sign", "signer.key", "-out", "app.sig", "app.gbl");

        byte[] signature = Files.readAllBytes(dir.resolve("app.sig"));
        assertThat(CodeSigner.verify(
                        image, signature, Pem.readCertificate(Files.readString(dir.resolve("signer.crt")))))
                .isTrue();
    }
}
