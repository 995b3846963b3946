package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.tools.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsCommandTest {
    @TempDir
    Path dir;

    @Test
    void caAndDeviceMakeTheGuidesFilesThatOpensslVerifies() throws Exception {
        CliRun ca = CliRun.of("certs", "ca", "--out", dir.toString(), "--subject", "/C=US/O=Example/CN=DIC CA");
        assertThat(ca.exitCode()).as(ca.stderr()).isZero();
        assertThat(ca.stdout()).contains("CA.key (mode 0600)").contains("CA.crt");
        CliRun device = CliRun.of("certs", "device", "--ca", dir.toString(), "--name", "device");
        assertThat(device.exitCode()).as(device.stderr()).isZero();

        for (String name : new String[] {"CA.key", "device.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name))))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(dir.resolve(name))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        }
        assertThat(dir.resolve("device.csr")).exists();

        ExternalTools.require(ExternalTools.onPath("openssl").isPresent(), "openssl");
        assertThat(openssl("verify", "-CAfile", "CA.crt", "device.crt")).isEqualTo("device.crt: OK\n");
        assertThat(openssl("ec", "-in", "CA.key", "-noout", "-check")).contains("EC Key valid");
        assertThat(openssl("x509", "-in", "device.crt", "-noout", "-text"))
                .contains("Version: 1 (0x0)")
                .contains("Subject: CN = device")
                .contains("Issuer: C = US, O = Example, CN = DIC CA");
        assertThat(openssl("x509", "-in", "CA.crt", "-noout", "-enddate")).isNotBlank();
    }

    @Test
    void refusesToOverwriteAKeyUnlessForced() throws Exception {
        assertThat(CliRun.of("certs", "ca", "--out", dir.toString()).exitCode()).isZero();
        String key = Files.readString(dir.resolve("CA.key"));

        CliRun again = CliRun.of("certs", "ca", "--out", dir.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr())
                .startsWith("thingcore: ")
                .contains("CA.key already exists")
                .contains("--force");
        assertThat(Files.readString(dir.resolve("CA.key"))).isEqualTo(key);

        CliRun forced = CliRun.of("certs", "ca", "--out", dir.toString(), "--force", "--key", "rsa", "--days", "30");
        assertThat(forced.exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("CA.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void deviceWithoutACaSaysWhichFileIsMissing() {
        CliRun run = CliRun.of("certs", "device", "--ca", dir.toString(), "--name", "device");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("cannot read the CA certificate " + dir.resolve("CA.crt") + ": no such file");
    }

    private String openssl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
