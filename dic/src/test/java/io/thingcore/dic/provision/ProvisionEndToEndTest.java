package io.thingcore.dic.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.DeviceConfig;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareFiles;
import io.thingcore.dic.testing.GatewayTargets;
import io.thingcore.dic.testing.Tools;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.Pem;
import io.thingcore.testkit.InProcessGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/** The whole workflow through the real AWS SDK against a gateway started in-process. */
class ProvisionEndToEndTest {
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

    private record Run(ProvisionResult result, List<String> lines) {}

    private Run provision(ProvisionOptions options) {
        return provision(GatewayTargets.of(gateway), options);
    }

    private Run provision(Target target, ProvisionOptions options) {
        List<String> lines = new ArrayList<>();
        Progress progress = (index, total, title, outcome) ->
                lines.add("[" + index + "/" + total + "] " + title + " ... " + outcome);
        try (IotClient client = target.iotClient()) {
            return new Run(new Provisioner(client, target, options, progress).run(), lines);
        }
    }

    @Test
    void provisionsEverythingAndASecondRunReusesItWithoutDuplicates() throws Exception {
        Path out = temp.resolve("dic-out");
        Run first = provision(ProvisionOptions.defaults(out));

        assertThat(first.lines()).hasSize(9);
        assertThat(first.lines().get(3)).isEqualTo("[4/9] create policy DIC_POLICY ... created");
        ProvisionResult r = first.result();
        assertThat(r.ca().action()).isEqualTo(Action.CREATED);
        assertThat(r.policy().action()).isEqualTo(Action.CREATED);
        assertThat(r.device().thingAction()).isEqualTo(Action.CREATED);
        assertThat(r.device().certificateAction()).isEqualTo(Action.CREATED);
        assertThat(r.device().thingName()).isEqualTo("DIC_2");
        assertThat(r.explorer().thingName()).isEqualTo("DIC_EXPLORER");
        assertThat(r.endpoint().port()).isEqualTo(gateway.mqttPort());

        // The CA as the guide registers it.
        CACertificateDescription ca = iot.describeCACertificate(c -> c.certificateId(r.ca().certificateId()))
                .certificateDescription();
        assertThat(ca.status()).isEqualTo(CACertificateStatus.ACTIVE);
        assertThat(ca.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
        assertThat(ca.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
        assertThat(r.ca().certificateId())
                .isEqualTo(CertificateIds.of(Pem.readCertificate(Files.readString(out.resolve("CA.crt")))));
        for (ProvisionResult.Client client : List.of(r.device(), r.explorer())) {
            assertThat(iot.describeCertificate(c -> c.certificateId(client.certificateId()))
                            .certificateDescription()
                            .status())
                    .isEqualTo(CertificateStatus.ACTIVE);
            assertThat(iot.listThingPrincipals(p -> p.thingName(client.thingName()))
                            .principals())
                    .containsExactly(client.certificateArn());
            assertThat(iot.listAttachedPolicies(p -> p.target(client.certificateArn()))
                            .policies())
                    .extracting(p -> p.policyName())
                    .containsExactly("DIC_POLICY");
        }
        assertThat(iot.getPolicy(p -> p.policyName("DIC_POLICY")).policyDocument())
                .satisfies(d -> assertThat(PolicyDocuments.equivalent(d, PolicyDocuments.ALLOW_ALL))
                        .isTrue());

        // Outputs.
        assertThat(Files.readString(out.resolve("provision.json"))).isEqualTo(r.toJson());
        assertThat(Files.readString(out.resolve("mqtt-explorer/server-ca.pem")))
                .isEqualTo(Files.readString(Path.of(gateway.connection().serverCaFile())));
        // The default firmware's files, read back as the board's compiler sees them.
        assertThat(r.firmware().generation()).isEqualTo("dic");
        DeviceConfig board = FirmwareFiles.read(out.resolve("firmware"), Firmware.DIC);
        assertThat(board)
                .isEqualTo(new DeviceConfig(
                        "localhost",
                        gateway.mqttPort(),
                        "DIC_2",
                        Files.readString(Path.of(gateway.connection().serverCaFile())),
                        Files.readString(out.resolve("device.crt")),
                        Files.readString(out.resolve("device.key"))));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("which on a board is the board itself"));
        for (String secret : List.of(
                "CA.key",
                "device.key",
                "explorer.key",
                "mqtt-explorer/explorer.key",
                "firmware/dic_config.h",
                "firmware/dic_nvm_cert.cpp")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve(secret))))
                    .as(secret)
                    .isEqualTo("rw-------");
        }

        Run second = provision(ProvisionOptions.defaults(out));
        assertThat(second.lines()).hasSize(9);
        assertThat(second.lines().subList(0, 8))
                .allSatisfy(line -> assertThat(line).matches(".* \\.\\.\\. (reused|ok, MQTT endpoint .*)"));
        ProvisionResult again = second.result();
        assertThat(again.ca().action()).isEqualTo(Action.REUSED);
        assertThat(again.policy().action()).isEqualTo(Action.REUSED);
        assertThat(again.device().thingAction()).isEqualTo(Action.REUSED);
        assertThat(again.device().certificateAction()).isEqualTo(Action.REUSED);
        assertThat(again.explorer().certificateAction()).isEqualTo(Action.REUSED);
        assertThat(again.device().certificateArn()).isEqualTo(r.device().certificateArn());
        assertThat(again.device().thingArn()).isEqualTo(r.device().thingArn());
        assertThat(again.ca().certificateArn()).isEqualTo(r.ca().certificateArn());

        // Nothing duplicated.
        assertThat(iot.listCACertificates(c -> {}).certificates()).hasSize(1);
        assertThat(iot.listCertificates(c -> {}).certificates()).hasSize(2);
        assertThat(iot.listThings(c -> {}).things())
                .extracting(t -> t.thingName())
                .containsExactlyInAnyOrder("DIC_2", "DIC_EXPLORER");
        assertThat(iot.listPolicies(c -> {}).policies()).hasSize(1);
        assertThat(iot.listThingPrincipals(p -> p.thingName("DIC_2")).principals())
                .hasSize(1);
    }

    @Test
    void usesCertificatesMadeByTheGuidesOpensslCommandsFromCaDir() throws Exception {
        Path caDir = Files.createDirectories(temp.resolve("my-ca"));
        Tools.opensslCa(caDir, "/C=US/O=Example/CN=DIC test CA");
        Path out = temp.resolve("out");

        ProvisionResult result =
                provision(ProvisionOptions.builder(out).caDir(caDir).build()).result();

        String caId = Tools.ok(caDir, "sh", "-c", "openssl x509 -in CA.crt -outform der | sha256sum")
                .split(" ")[0];
        assertThat(result.ca().certificateId()).isEqualTo(caId);
        assertThat(out.resolve("CA.key")).doesNotExist();
        assertThat(out.resolve("CA.crt")).doesNotExist();
        assertThat(Tools.ok(
                        out,
                        "openssl",
                        "verify",
                        "-CAfile",
                        caDir.resolve("CA.crt").toString(),
                        "device.crt"))
                .contains("device.crt: OK");
        assertThat(Tools.ok(out, "openssl", "x509", "-in", "explorer.crt", "-noout", "-text"))
                .contains("Version: 1 (0x0)")
                .contains("Issuer: C = US, O = Example, CN = DIC test CA");

        ProvisionResult again =
                provision(ProvisionOptions.builder(out).caDir(caDir).build()).result();
        assertThat(again.ca().action()).isEqualTo(Action.REUSED);
        assertThat(again.device().certificateAction()).isEqualTo(Action.REUSED);
        assertThat(iot.listCertificates(c -> {}).certificates()).hasSize(2);
    }

    @Test
    void defaultModeRegistersTheCaWithAVerificationCertificateAndAnotherModeIsRefused() {
        Path out = temp.resolve("out");
        ProvisionOptions defaultMode =
                ProvisionOptions.builder(out).caMode(CaMode.DEFAULT).build();
        ProvisionResult result = provision(defaultMode).result();
        assertThat(iot.describeCACertificate(c -> c.certificateId(result.ca().certificateId()))
                        .certificateDescription()
                        .certificateMode())
                .isEqualTo(CertificateMode.DEFAULT);
        assertThat(provision(defaultMode).result().ca().action()).isEqualTo(Action.REUSED);

        // The CA is now registered "by another flow" as far as an SNI_ONLY run is concerned.
        assertThatThrownBy(() -> provision(ProvisionOptions.defaults(out)))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("step 2/9 (check ")
                .hasMessageContaining("already registered in DEFAULT mode")
                .hasMessageContaining("--ca-mode default")
                .hasMessageEndingWith("Nothing was created.");
        assertThat(iot.listCACertificates(c -> {}).certificates()).hasSize(1);
    }

    @Test
    void leastPrivilegeCreatesTheTemplatePolicyAndAnExistingDifferentPolicyIsNotSilentlyReused() {
        Path out = temp.resolve("out");
        ProvisionOptions least = ProvisionOptions.builder(out)
                .policy("DIC_LEAST", PolicyDocuments.leastPrivilege())
                .build();
        provision(least);
        assertThat(PolicyDocuments.equivalent(
                        iot.getPolicy(p -> p.policyName("DIC_LEAST")).policyDocument(),
                        PolicyDocuments.leastPrivilege()))
                .isTrue();

        ProvisionOptions clash = ProvisionOptions.builder(out)
                .policy("DIC_LEAST", PolicyDocuments.ALLOW_ALL)
                .build();
        assertThatThrownBy(() -> provision(clash))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("policy DIC_LEAST already exists with a different document")
                .hasMessageContaining("Nothing was created.");
    }

    @Test
    void aGatewayThatIsNotRunningIsReportedWithHowToStartIt() {
        Target target = GatewayTargets.of(gateway);
        gateway.close();
        Path out = temp.resolve("out");

        assertThatThrownBy(() -> provision(target, ProvisionOptions.defaults(out)))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("step 2/9 (check thingcore at " + target.endpointOverride())
                .hasMessageContaining("connection refused")
                .hasMessageContaining("thingcore up")
                // The certificate files of step 1 are kept for the next run, and the message says so.
                .hasMessageContaining("Already done: made CA.key and CA.crt in " + out);
    }

    @Test
    void wrongCredentialsAreReportedBeforeAnythingIsCreated() {
        Target wrong = GatewayTargets.of(gateway, gateway.connection().accessKeyId(), "not-the-secret");
        Path out = temp.resolve("out");

        assertThatThrownBy(() -> provision(wrong, ProvisionOptions.defaults(out)))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("step 2/9")
                .hasMessageContaining("refused the credentials")
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("check accessKeyId and secretAccessKey in " + gateway.connectionFile());
        assertThat(iot.listCACertificates(c -> {}).certificates()).isEmpty();
        assertThat(iot.listPolicies(c -> {}).policies()).isEmpty();
    }

    @Test
    void aThingNameTakenByAnotherCertificateStopsTheRunBeforeAnyChange() {
        iot.createThing(t -> t.thingName("DIC_2"));
        String other = iot.createKeysAndCertificate(k -> k.setAsActive(true)).certificateArn();
        iot.attachThingPrincipal(a -> a.thingName("DIC_2").principal(other));

        assertThatThrownBy(() -> provision(ProvisionOptions.defaults(temp.resolve("out"))))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("step 2/9")
                .hasMessageContaining("the thing name DIC_2 is taken")
                .hasMessageContaining(other.substring(other.lastIndexOf('/') + 1));
        assertThat(iot.listCACertificates(c -> {}).certificates()).isEmpty();
        assertThat(iot.listPolicies(c -> {}).policies()).isEmpty();
        assertThat(iot.listThings(c -> {}).things()).hasSize(1);
    }

    @Test
    void anUnreadableKeyFileIsNamedAndNothingIsCreated() throws Exception {
        Path caDir = Files.createDirectories(temp.resolve("my-ca"));
        Tools.opensslCa(caDir, "/CN=DIC test CA");
        Files.writeString(caDir.resolve("CA.key"), "this is not a key\n");

        assertThatThrownBy(() -> provision(ProvisionOptions.builder(temp.resolve("out"))
                        .caDir(caDir)
                        .build()))
                .isInstanceOf(ProvisionException.class)
                .hasMessageStartingWith("step 1/9 (certificates in ")
                .hasMessageContaining("cannot read the CA key " + caDir.resolve("CA.key"))
                .hasMessageEndingWith("Nothing was created.");
        assertThat(iot.listCACertificates(c -> {}).certificates()).isEmpty();
    }
}
