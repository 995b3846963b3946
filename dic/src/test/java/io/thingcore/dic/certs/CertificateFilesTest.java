package io.thingcore.dic.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.dic.DicException;
import io.thingcore.dic.testing.Tools;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateFilesTest {
    @TempDir
    Path dir;

    @Test
    void theGuidesFilesWithTheGuidesDefaultsLoadInOpenssl() throws Exception {
        Tools.requireOpenssl();
        CertificateAuthority ca = CertificateFiles.createCa(
                dir, "/C=US/CN=DIC CA", CertificateFiles.DEFAULT_CA_DAYS, KeyAlgorithm.EC_P256, false);
        Leaf leaf = CertificateFiles.issueLeaf(
                ca, dir, "device", "/CN=DIC_2", CertificateFiles.DEFAULT_LEAF_DAYS, KeyAlgorithm.EC_P256, false);

        assertThat(Files.readString(dir.resolve("CA.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        assertThat(Files.readString(dir.resolve("device.key"))).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
        assertThat(Tools.ok(dir, "openssl", "ec", "-in", "CA.key", "-check", "-noout"))
                .contains("EC Key valid");
        assertThat(Tools.ok(dir, "openssl", "ec", "-in", "device.key", "-text", "-noout"))
                .contains("prime256v1");
        assertThat(Tools.ok(dir, "openssl", "req", "-in", "device.csr", "-verify", "-noout"))
                .contains("verify OK");
        assertThat(Tools.ok(dir, "openssl", "verify", "-CAfile", "CA.crt", "device.crt"))
                .isEqualTo("device.crt: OK\n");
        String text = Tools.ok(dir, "openssl", "x509", "-in", "device.crt", "-noout", "-text");
        assertThat(text)
                .contains("Version: 1 (0x0)")
                .contains("Subject: CN = DIC_2")
                .doesNotContain("X509v3");
        assertThat(Tools.ok(dir, "openssl", "x509", "-in", "CA.crt", "-noout", "-text"))
                .contains("Subject: C = US, CN = DIC CA")
                .contains("CA:TRUE");
        assertThat(Duration.between(
                        leaf.certificate().getNotBefore().toInstant(),
                        leaf.certificate().getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(360));
        assertThat(Duration.between(
                        ca.certificate().getNotBefore().toInstant(),
                        ca.certificate().getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(1826));
    }

    @Test
    void rsaCaKeysArePkcs1AndVerifyInOpenssl() {
        Tools.requireOpenssl();
        CertificateAuthority ca = CertificateFiles.createCa(dir, "/CN=RSA CA", 30, KeyAlgorithm.RSA_2048, false);
        CertificateFiles.issueLeaf(ca, dir, "dev", "/CN=dev", 30, KeyAlgorithm.EC_P256, false);
        assertThat(OutputFiles.read(dir.resolve("CA.key"), "key")).startsWith("-----BEGIN RSA PRIVATE KEY-----\n");
        assertThat(Tools.ok(dir, "openssl", "rsa", "-in", "CA.key", "-check", "-noout"))
                .contains("RSA key ok");
        assertThat(Tools.ok(dir, "openssl", "verify", "-CAfile", "CA.crt", "dev.crt"))
                .contains("OK");
    }

    @Test
    void keysAreCreatedOwnerOnlyAndNeverOverwrittenWithoutForce() throws Exception {
        CertificateAuthority ca = CertificateFiles.createCa(dir, "/CN=CA", 10, KeyAlgorithm.EC_P256, false);
        Leaf leaf = CertificateFiles.issueLeaf(ca, dir, "device", "/CN=d", 10, KeyAlgorithm.EC_P256, false);
        assertThat(mode(dir.resolve("CA.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("device.key"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("device.crt"))).isEqualTo("rw-r--r--");

        String caKey = Files.readString(dir.resolve("CA.key"));
        assertThatThrownBy(() -> CertificateFiles.createCa(dir, "/CN=CA", 10, KeyAlgorithm.EC_P256, false))
                .isInstanceOf(DicException.class)
                .hasMessageContaining("CA.key already exists")
                .hasMessageContaining("--force");
        assertThat(Files.readString(dir.resolve("CA.key"))).isEqualTo(caKey);
        assertThatThrownBy(
                        () -> CertificateFiles.issueLeaf(ca, dir, "device", "/CN=d", 10, KeyAlgorithm.EC_P256, false))
                .hasMessageContaining("device.key already exists");
        assertThat(Files.readString(dir.resolve("device.key"))).isEqualTo(leaf.keyPem());

        CertificateAuthority replaced = CertificateFiles.createCa(dir, "/CN=CA", 10, KeyAlgorithm.EC_P256, true);
        assertThat(Files.readString(dir.resolve("CA.key"))).isNotEqualTo(caKey);
        assertThat(mode(dir.resolve("CA.key"))).isEqualTo("rw-------");
        assertThat(CertificateFiles.loadCa(dir).certificate()).isEqualTo(replaced.certificate());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aLeafFromAnotherCaIsNotReused() {
        CertificateAuthority first =
                CertificateFiles.createCa(dir.resolve("a"), "/CN=A", 10, KeyAlgorithm.EC_P256, false);
        CertificateAuthority second =
                CertificateFiles.createCa(dir.resolve("b"), "/CN=B", 10, KeyAlgorithm.EC_P256, false);
        CertificateFiles.issueLeaf(first, dir, "device", "/CN=d", 10, KeyAlgorithm.EC_P256, false);

        assertThat(CertificateFiles.loadLeaf(dir, "device", first).certificateId())
                .hasSize(64);
        assertThatThrownBy(() -> CertificateFiles.loadLeaf(dir, "device", second))
                .isInstanceOf(DicException.class)
                .hasMessageContaining("was not issued by the CA CN=B");
    }

    @Test
    void unreadableOrMismatchedCaFilesAreNamed() throws Exception {
        assertThatThrownBy(() -> CertificateFiles.loadCa(dir))
                .hasMessage("cannot read the CA certificate " + dir.resolve("CA.crt") + ": no such file");
        CertificateFiles.createCa(dir, "/CN=CA", 10, KeyAlgorithm.EC_P256, false);
        Files.write(dir.resolve("CA.key"), new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertThatThrownBy(() -> CertificateFiles.loadCa(dir))
                .hasMessageStartingWith("cannot read the CA key " + dir.resolve("CA.key") + ": ");
        CertificateFiles.createCa(dir.resolve("other"), "/CN=CA", 10, KeyAlgorithm.EC_P256, false);
        Files.copy(
                dir.resolve("other/CA.key"), dir.resolve("CA.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> CertificateFiles.loadCa(dir)).hasMessageContaining("is not the key of");
    }

    @Test
    void readsACaMadeByTheGuidesOpensslCommands() {
        Tools.opensslCa(dir, "/C=US/O=Example/CN=openssl CA");
        CertificateAuthority ca = CertificateFiles.loadCa(dir);
        Leaf leaf = CertificateFiles.issueLeaf(ca, dir, "device", "/CN=DIC_2", 360, KeyAlgorithm.EC_P256, false);
        assertThat(Tools.ok(dir, "openssl", "verify", "-CAfile", "CA.crt", "device.crt"))
                .contains("OK");
        assertThat(leaf.certificate().getIssuerX500Principal())
                .isEqualTo(ca.certificate().getSubjectX500Principal());
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }
}
