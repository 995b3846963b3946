package io.thingcore.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.testkit.pki.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayCertificatesTest {
    private static final List<String> FILES =
            List.of("server-ca.pem", "server-ca.key", "server.pem", "server.key", "device-ca.pem", "device-ca.key");

    @TempDir
    Path dataDir;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);

    @Test
    void firstStartCreatesAllFilesAndTheUserFacingServerCaCopy() throws IOException {
        GatewayCertificates pki = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);

        for (String file : FILES) {
            assertThat(dataDir.resolve("pki").resolve(file)).isRegularFile();
        }
        assertThat(pki.serverCaFile()).isEqualTo(dataDir.resolve("server-ca.pem"));
        assertThat(Pem.readCertificate(Files.readString(pki.serverCaFile()))).isEqualTo(pki.serverCaCertificate());
        assertThat(pki.serverCertificateFile()).isEqualTo(dataDir.resolve("pki/server.pem"));
        assertThat(pki.serverKeyFile()).isEqualTo(dataDir.resolve("pki/server.key"));
        assertThat(Pem.readCertificates(Files.readString(pki.serverCertificateFile())))
                .isEqualTo(pki.serverCertificateChain());
    }

    @Test
    void serverCaIsATenYearEcCaAndDeviceCaATwentyYearOne() {
        GatewayCertificates pki = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        X509Certificate serverCa = pki.serverCaCertificate();
        X509Certificate deviceCa = pki.deviceCa().certificate();

        assertThat(serverCa.getSubjectX500Principal().getName()).isEqualTo("CN=thingcore server CA");
        assertThat(deviceCa.getSubjectX500Principal().getName()).isEqualTo("CN=thingcore device CA");
        assertThat(CertificateChecks.isCertificateAuthority(serverCa)).isTrue();
        assertThat(CertificateChecks.isCertificateAuthority(deviceCa)).isTrue();
        assertThat(Keys.algorithmOf(serverCa.getPublicKey())).isEqualTo(KeyAlgorithm.EC_P256);
        assertThat(serverCa.getNotAfter().toInstant())
                .isEqualTo(now.atOffset(ZoneOffset.UTC).plusYears(10).toInstant());
        assertThat(deviceCa.getNotAfter().toInstant())
                .isEqualTo(now.atOffset(ZoneOffset.UTC).plusYears(20).toInstant());
        assertThat(serverCa.getPublicKey()).isNotEqualTo(deviceCa.getPublicKey());
    }

    @Test
    void serverCertificateIsA397DayServerLeafForTheHostNamesAndLoopback() throws Exception {
        GatewayCertificates pki = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example", "10.0.0.7"), clock);
        X509Certificate leaf = pki.serverCertificateChain().get(0);

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=gw.example");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactly(
                        List.of(2, "gw.example"),
                        List.of(7, "10.0.0.7"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(now.plus(Duration.ofDays(397)));
        assertThat(CertificateChecks.isSignedBy(leaf, pki.serverCaCertificate()))
                .isTrue();
        assertThat(pki.serverCertificateChain().get(1)).isEqualTo(pki.serverCaCertificate());
        assertThat(Keys.matches(pki.serverPrivateKey(), leaf.getPublicKey())).isTrue();
    }

    @Test
    void opensslSeesTheSubjectAltNamesAndVerifiesTheServerCertificate() {
        OpenSsl.assumeAvailable();
        GatewayCertificates pki = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), Clock.systemUTC());

        assertThat(OpenSsl.run(dataDir, "x509", "-in", "pki/server.pem", "-noout", "-text"))
                .contains("DNS:gw.example, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
        assertThat(OpenSsl.run(
                        dataDir, "verify", "-purpose", "sslserver", "-CAfile", "server-ca.pem", "pki/server.pem"))
                .isEqualTo("pki/server.pem: OK\n");
        OpenSsl.run(dataDir, "pkey", "-in", "pki/server.key", "-noout");
        assertThat(pki.serverKeyFile()).isRegularFile();
    }

    @Test
    void secondStartReusesEverythingByteForByte() throws IOException {
        GatewayCertificates first = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Map<String, String> before = contents();

        GatewayCertificates second = GatewayCertificates.loadOrCreate(
                dataDir, List.of("GW.example"), Clock.offset(clock, Duration.ofDays(100)));

        assertThat(contents()).isEqualTo(before);
        assertThat(second.serverCertificateChain()).isEqualTo(first.serverCertificateChain());
        assertThat(second.serverPrivateKey()).isEqualTo(first.serverPrivateKey());
        assertThat(second.deviceCa().certificate()).isEqualTo(first.deviceCa().certificate());
        assertThat(second.deviceCa().privateKey()).isEqualTo(first.deviceCa().privateKey());
    }

    @Test
    void changedHostNamesReissueOnlyTheServerCertificate() throws Exception {
        GatewayCertificates first = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Map<String, String> before = contents();

        GatewayCertificates second =
                GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example", "mqtt.example"), clock);
        Map<String, String> after = contents();

        assertThat(after.get("server.pem")).isNotEqualTo(before.get("server.pem"));
        assertThat(after.get("server.key")).isNotEqualTo(before.get("server.key"));
        for (String unchanged : List.of("server-ca.pem", "server-ca.key", "device-ca.pem", "device-ca.key")) {
            assertThat(after.get(unchanged)).as(unchanged).isEqualTo(before.get(unchanged));
        }
        assertThat(second.serverCaCertificate()).isEqualTo(first.serverCaCertificate());
        assertThat(second.serverCertificateChain().get(0).getSubjectAlternativeNames())
                .contains(List.of(2, "mqtt.example"));
        assertThat(CertificateChecks.isSignedBy(second.serverCertificateChain().get(0), first.serverCaCertificate()))
                .isTrue();
    }

    @Test
    void serverCertificateExpiringWithin30DaysIsReissued() {
        GatewayCertificates first = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Clock later = Clock.offset(clock, Duration.ofDays(397 - 29));

        GatewayCertificates second = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), later);

        assertThat(second.serverCertificateChain().get(0))
                .isNotEqualTo(first.serverCertificateChain().get(0));
        assertThat(second.serverCertificateChain().get(0).getNotAfter().toInstant())
                .isEqualTo(later.instant().plus(Duration.ofDays(397)));
        assertThat(second.serverCaCertificate()).isEqualTo(first.serverCaCertificate());
    }

    @Test
    void keysAreOwnerOnlyAndTheDirectoryToo() throws IOException {
        GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Path pkiDir = dataDir.resolve("pki");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pkiDir)))
                .isEqualTo("rwx------");
        for (String key : List.of("server-ca.key", "server.key", "device-ca.key")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pkiDir.resolve(key))))
                    .as(key)
                    .isEqualTo("rw-------");
        }
        try (Stream<Path> files = Files.list(pkiDir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrderElementsOf(FILES);
        }
    }

    @Test
    void reissuedServerKeyIsStillOwnerOnly() throws IOException {
        GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        GatewayCertificates.loadOrCreate(dataDir, List.of("other.example"), clock);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("pki/server.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void corruptCaCertificateFailsNamingTheFile() throws IOException {
        GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Path file = dataDir.resolve("pki/server-ca.pem");
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith(file + ": certificate PEM is malformed");
    }

    @Test
    void corruptDeviceCaKeyFailsNamingTheFile() throws IOException {
        GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Path file = dataDir.resolve("pki/device-ca.key");
        Files.writeString(file, "garbage");

        assertThatThrownBy(() -> GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith(file + ": private key PEM is malformed");
    }

    @Test
    void caKeyThatDoesNotMatchItsCertificateFailsNamingTheFile() throws IOException {
        GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Path file = dataDir.resolve("pki/server-ca.key");
        Files.writeString(
                file, Pem.writePkcs8(Keys.generate(KeyAlgorithm.EC_P256).getPrivate()));

        assertThatThrownBy(() -> GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith(file + ": the private key does not belong");
    }

    @Test
    void missingCaKeyIsNotSilentlyReplacedByANewCa() throws IOException {
        GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Files.delete(dataDir.resolve("pki/server-ca.key"));

        assertThatThrownBy(() -> GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining(dataDir.resolve("pki/server-ca.key") + " is missing");
    }

    @Test
    void serverKeyNotMatchingItsCertificateIsRepairedByReissuing() throws IOException {
        GatewayCertificates first = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);
        Files.writeString(
                dataDir.resolve("pki/server.key"),
                Pem.writePkcs8(Keys.generate(KeyAlgorithm.EC_P256).getPrivate()));

        GatewayCertificates second = GatewayCertificates.loadOrCreate(dataDir, List.of("gw.example"), clock);

        assertThat(second.serverCertificateChain().get(0))
                .isNotEqualTo(first.serverCertificateChain().get(0));
        assertThat(Keys.matches(
                        second.serverPrivateKey(),
                        second.serverCertificateChain().get(0).getPublicKey()))
                .isTrue();
    }

    @Test
    void userSuppliedServerCertificateChainIsUsedAndItsCaPublished() throws IOException {
        CertificateAuthority userCa = TestPki.ca("CN=User CA").as(CertificateAuthority::of);
        var keys = Keys.generate(KeyAlgorithm.RSA_2048);
        X509Certificate leaf = userCa.issue(new LeafRequest(
                keys.getPublic(),
                "CN=mqtt.corp",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.SERVER,
                List.of("mqtt.corp")));
        Path certPem = Files.writeString(dataDir.resolve("tls.pem"), Pem.write(List.of(leaf, userCa.certificate())));
        Path keyPem = Files.writeString(dataDir.resolve("tls.key"), Pem.writePkcs1(keys.getPrivate()));

        GatewayCertificates pki = GatewayCertificates.withServerCertificate(dataDir, certPem, keyPem, clock);

        assertThat(pki.serverCertificateChain()).containsExactly(leaf, userCa.certificate());
        assertThat(pki.serverCaCertificate()).isEqualTo(userCa.certificate());
        assertThat(pki.serverPrivateKey()).isEqualTo(keys.getPrivate());
        assertThat(pki.serverCertificateFile()).isEqualTo(certPem);
        assertThat(pki.serverKeyFile()).isEqualTo(keyPem);
        assertThat(Pem.readCertificate(Files.readString(pki.serverCaFile()))).isEqualTo(userCa.certificate());
        assertThat(pki.deviceCa().certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=thingcore device CA");
        assertThat(dataDir.resolve("pki/server-ca.key")).doesNotExist();
    }

    @Test
    void userSuppliedLeafWithoutChainIsItsOwnServerCa() throws IOException {
        CertificateAuthority userCa = TestPki.ca("CN=User CA").as(CertificateAuthority::of);
        var keys = Keys.generate(KeyAlgorithm.EC_P256);
        X509Certificate leaf = userCa.issue(new LeafRequest(
                keys.getPublic(),
                "CN=mqtt.corp",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.SERVER,
                List.of("mqtt.corp")));
        Path certPem = Files.writeString(dataDir.resolve("tls.pem"), Pem.write(leaf));
        Path keyPem = Files.writeString(dataDir.resolve("tls.key"), Pem.writeSec1(keys.getPrivate()));

        GatewayCertificates pki = GatewayCertificates.withServerCertificate(dataDir, certPem, keyPem, clock);

        assertThat(pki.serverCaCertificate()).isEqualTo(leaf);
    }

    @Test
    void userSuppliedKeyThatDoesNotMatchTheCertificateIsRejected() throws IOException {
        CertificateAuthority userCa = TestPki.ca("CN=User CA").as(CertificateAuthority::of);
        X509Certificate leaf = userCa.issue(new LeafRequest(
                Keys.generate(KeyAlgorithm.EC_P256).getPublic(),
                "CN=mqtt.corp",
                TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(360)),
                LeafProfile.SERVER,
                List.of("mqtt.corp")));
        Path certPem = Files.writeString(dataDir.resolve("tls.pem"), Pem.write(leaf));
        Path keyPem = Files.writeString(
                dataDir.resolve("tls.key"),
                Pem.writePkcs8(Keys.generate(KeyAlgorithm.EC_P256).getPrivate()));

        assertThatThrownBy(() -> GatewayCertificates.withServerCertificate(dataDir, certPem, keyPem, clock))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith(keyPem + ": the private key does not belong to the certificate in " + certPem);
    }

    @Test
    void unreadableUserSuppliedFileFailsNamingTheFile() {
        Path missing = dataDir.resolve("nope.pem");

        assertThatThrownBy(() -> GatewayCertificates.withServerCertificate(dataDir, missing, missing, clock))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("cannot read " + missing);
    }

    private Map<String, String> contents() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String file : FILES) {
            out.put(file, Files.readString(dataDir.resolve("pki").resolve(file)));
        }
        out.put("user-copy", Files.readString(dataDir.resolve("server-ca.pem")));
        return out;
    }
}
