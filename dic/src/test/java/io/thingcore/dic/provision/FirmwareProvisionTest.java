package io.thingcore.dic.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.dic.DicException;
import io.thingcore.dic.certs.CertificateFiles;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.DeviceConfig;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareFiles;
import io.thingcore.dic.testing.GatewayTargets;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.InProcessGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;

/** {@code dic provision --firmware}: the firmware's limits, the files per generation, the checks of the device host. */
class FirmwareProvisionTest {
    @TempDir
    Path temp;

    private InProcessGateway gateway;
    private IotClient iot;

    @BeforeEach
    void startGateway() {
        gateway = InProcessGateway.start(temp.resolve("data"));
        iot = GatewayTargets.of(gateway).iotClient();
    }

    @AfterEach
    void stopGateway() {
        iot.close();
        gateway.close();
    }

    private ProvisionResult provision(ProvisionOptions options) {
        try (IotClient client = GatewayTargets.of(gateway).iotClient()) {
            return new Provisioner(client, GatewayTargets.of(gateway), options, Progress.silent()).run();
        }
    }

    private void assertNothingCreated(Path out) {
        assertThat(iot.listCACertificates(c -> {}).certificates()).isEmpty();
        assertThat(iot.listThings(c -> {}).things()).isEmpty();
        assertThat(iot.listPolicies(c -> {}).policies()).isEmpty();
        assertThat(out.resolve(FirmwareFiles.DIRECTORY)).doesNotExist();
    }

    @Test
    void aClientIdTheFirmwareCannotHoldIsRefusedBeforeAnythingIsCreated() {
        Path out = temp.resolve("out");
        String thirty = "D".repeat(30);

        assertThatThrownBy(() -> ProvisionOptions.builder(out).thing(thirty).build())
                .isInstanceOf(DicException.class)
                .hasMessageContaining("is 30 characters")
                .hasMessageContaining("at most 29")
                .hasMessageContaining("DIC_CLIENTID_LENGTH 30");
        assertThat(out).doesNotExist();
        assertNothingCreated(out);

        ProvisionResult result =
                provision(ProvisionOptions.builder(out).thing("D".repeat(29)).build());
        assertThat(FirmwareFiles.read(out.resolve(FirmwareFiles.DIRECTORY), Firmware.DIC)
                        .clientId())
                .isEqualTo("D".repeat(29))
                .isEqualTo(result.device().thingName());
    }

    @Test
    void aHostTheFirmwareCannotHoldIsRefusedBeforeAnythingIsCreated() {
        Path out = temp.resolve("out");
        String host55 = "a".repeat(51) + ".lan";

        for (Firmware firmware : Firmware.values()) {
            assertThatThrownBy(() -> ProvisionOptions.builder(out)
                            .firmware(firmware)
                            .deviceHost(host55)
                            .build())
                    .isInstanceOf(DicException.class)
                    .hasMessageContaining("is 55 characters")
                    .hasMessageContaining("at most 54")
                    .hasMessageContaining("HOSTNAME_LENGTH 55");
        }
        assertNothingCreated(out);

        String host54 = "a".repeat(50) + ".lan";
        ProvisionResult result =
                provision(ProvisionOptions.builder(out).deviceHost(host54).build());
        assertThat(result.firmware().deviceHost()).isEqualTo(host54);
        assertThat(FirmwareFiles.read(out.resolve(FirmwareFiles.DIRECTORY), Firmware.DIC)
                        .host())
                .isEqualTo(host54);
    }

    @Test
    void aDeviceHostThatIsNeitherANameNorAnIpv4AddressIsRefused() {
        for (String bad : new String[] {"gw lan", "::1", "http://gw", "gw_1.lan", "-gw.lan"}) {
            assertThatThrownBy(() -> ProvisionOptions.builder(temp.resolve("out"))
                            .deviceHost(bad)
                            .build())
                    .as(bad)
                    .isInstanceOf(DicException.class)
                    .hasMessageContaining("neither a DNS name nor an IPv4 address");
        }
    }

    @Test
    void aCertificateThePemBufferCannotHoldIsRefusedBeforeAnyRemoteChange() throws Exception {
        // An RSA-4096 CA with a long subject signs device certificates of more than 1,211 PEM bytes.
        Path caDir = Files.createDirectories(temp.resolve("big-ca"));
        CertificateFiles.createCa(
                caDir,
                "/C=US/ST=California/L=San Francisco/O=An Example Organisation With A Long Name/OU=Devices And"
                        + " Gateways Of The Example Organisation/CN=An Example Device Certificate Authority",
                CertificateFiles.DEFAULT_CA_DAYS,
                KeyAlgorithm.RSA_4096,
                false);
        Path out = temp.resolve("out");
        ProvisionOptions options = ProvisionOptions.builder(out).caDir(caDir).build();

        assertThatThrownBy(() -> provision(options))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("step 2/9")
                .hasMessageContaining("the device certificate PEM is ")
                .hasMessageContaining("the dic firmware holds at most 1211 (DIC_DEV_CERT_LENGTH 1212 with the NUL)");
        assertThat(Files.size(out.resolve("device.crt"))).isGreaterThan(1211);
        assertNothingCreated(out);
    }

    @Test
    void aServerCaThePemBufferCannotHoldIsRefusedBeforeAnyRemoteChange() {
        // A gateway whose server CA is RSA-4096 with a long subject (as a --server-cert chain could make it).
        Instant now = Instant.now();
        String bigCa = Pem.write(CertificateAuthority.selfSigned(
                        Keys.generate(KeyAlgorithm.RSA_4096),
                        "CN=An Example Server Certificate Authority With A Long Name,O=An Example Organisation",
                        now.minus(Duration.ofMinutes(1)),
                        now.plus(Duration.ofDays(365)))
                .certificate());
        assertThat(bigCa.length()).isGreaterThan(1211);
        ConnectionInfo c = gateway.connection();
        Target withBigCa = Target.gateway(
                c.apiEndpoint(), c.region(), c.accessKeyId(), c.secretAccessKey(), c.mqttPort(), bigCa, "test");
        Path out = temp.resolve("out");

        try (IotClient client = withBigCa.iotClient()) {
            assertThatThrownBy(() ->
                            new Provisioner(client, withBigCa, ProvisionOptions.defaults(out), Progress.silent()).run())
                    .isInstanceOf(ProvisionException.class)
                    .hasMessageStartingWith("step 2/9")
                    .hasMessageContaining("the server CA certificate PEM is " + bigCa.length() + " bytes")
                    .hasMessageContaining("at most 1211 (DIC_CA_CERT_LENGTH 1212 with the NUL)");
        }
        assertNothingCreated(out);
    }

    @Test
    void eachGenerationWritesOnlyItsOwnFilesOwnerOnlyAndTheyReadBackAsWritten() throws Exception {
        Path out = temp.resolve("out");
        Path firmwareDir = out.resolve(FirmwareFiles.DIRECTORY);
        for (Firmware firmware : new Firmware[] {Firmware.DIC_V1, Firmware.MATTER_AWS, Firmware.DIC}) {
            ProvisionResult result = provision(ProvisionOptions.builder(out)
                    .firmware(firmware)
                    .deviceHost("gw.example")
                    .build());

            try (Stream<Path> files = Files.list(firmwareDir)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .as(firmware.label())
                        .containsExactlyInAnyOrderElementsOf(
                                Stream.concat(firmware.fileNames().stream(), Stream.of(FirmwareFiles.README))
                                        .toList());
            }
            for (String name : firmware.fileNames()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(firmwareDir.resolve(name))))
                        .as(name)
                        .isEqualTo("rw-------");
            }
            assertThat(FirmwareFiles.detect(firmwareDir)).isEqualTo(firmware);
            assertThat(FirmwareFiles.read(firmwareDir, firmware))
                    .isEqualTo(new DeviceConfig(
                            "gw.example",
                            gateway.mqttPort(),
                            "DIC_2",
                            Files.readString(Path.of(gateway.connection().serverCaFile())),
                            Files.readString(out.resolve("device.crt")),
                            Files.readString(out.resolve("device.key"))));
            assertThat(result.firmware().generation()).isEqualTo(firmware.label());
            assertThat(result.firmware().files()).isEqualTo(firmware.fileNames());
            assertThat(Files.readString(firmwareDir.resolve(FirmwareFiles.README)))
                    .contains("--firmware " + firmware.label())
                    .contains("do not commit them");
        }
        // One CA, two certificates, two things: switching generation changes files only.
        assertThat(iot.listCertificates(c -> {}).certificates()).hasSize(2);
    }

    @Test
    void aLoopbackHostIsWarnedAboutWithTheCommandThatFixesIt() {
        ProvisionResult result = provision(ProvisionOptions.defaults(temp.resolve("out")));

        assertThat(result.firmware().deviceHost()).isEqualTo("localhost");
        assertThat(result.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .contains("the board would dial localhost, which on a board is the board itself")
                        .contains("thingcore up --host ")
                        .contains("--mqtt-bind 0.0.0.0")
                        .contains("thingcore dic provision --firmware dic --device-host "));
    }

    @Test
    void matterAwsChecksTheHostAgainstTheServerCertificateAndRefusesNoIpWithoutSayingSo() {
        Path out = temp.resolve("out");
        ProvisionOptions matterAws =
                ProvisionOptions.builder(out).firmware(Firmware.MATTER_AWS).build();

        // The gateway's certificate names localhost only (the fixture's --host).
        assertThat(provision(matterAws.toBuilder().deviceHost("gw.example").build())
                        .warnings())
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .contains("the matter-aws firmware checks that the server certificate names \"gw.example\"")
                        .contains("restart the gateway with --host gw.example"));
        assertThat(provision(matterAws.toBuilder().deviceHost("192.168.1.10").build())
                        .warnings())
                .singleElement()
                .satisfies(w -> assertThat(w).contains("an IP address (192.168.1.10) fails its handshake"));

        // The earlier generations send no SNI and check no name: an IP address is what they need.
        assertThat(provision(ProvisionOptions.builder(out)
                                .deviceHost("192.168.1.10")
                                .build())
                        .warnings())
                .isNull();
    }
}
