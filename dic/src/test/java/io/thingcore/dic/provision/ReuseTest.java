package io.thingcore.dic.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.dic.DicException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/** The idempotence decisions, without a target. */
class ReuseTest {
    private static final String OURS = "a".repeat(64);
    private static final String THEIRS = "b".repeat(64);

    @Test
    void aThingWithoutCertificatesOrWithOursIsReused() {
        assertThatCode(() -> Reuse.checkThing("DIC_2", List.of(), OURS)).doesNotThrowAnyException();
        assertThatCode(() -> Reuse.checkThing("DIC_2", List.of("arn:aws:iot:us-east-1:1:cert/" + OURS), OURS))
                .doesNotThrowAnyException();
    }

    @Test
    void aThingWithAnotherCertificateIsTaken() {
        assertThatThrownBy(() -> Reuse.checkThing(
                        "DIC_2",
                        List.of("arn:aws:iot:us-east-1:1:cert/" + OURS, "arn:aws:iot:us-east-1:1:cert/" + THEIRS),
                        OURS))
                .isInstanceOf(DicException.class)
                .hasMessageContaining("the thing name DIC_2 is taken")
                .hasMessageContaining(THEIRS)
                .hasMessageContaining("--thing");
    }

    @Test
    void aCaIsReusedOnlyInTheModeItWasRegisteredIn() {
        CACertificateDescription sni = CACertificateDescription.builder()
                .certificateId(OURS)
                .certificateMode(CertificateMode.SNI_ONLY)
                .build();
        assertThatCode(() -> Reuse.checkCa(sni, CaMode.SNI_ONLY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Reuse.checkCa(sni, CaMode.DEFAULT))
                .hasMessageContaining("already registered in SNI_ONLY mode")
                .hasMessageContaining("--ca-mode sni-only");
    }

    @Test
    void aPolicyIsReusedOnlyWithTheSameDocument() {
        String reformatted = "{\n  \"Statement\": [ {\"Resource\":\"*\",\"Action\":\"*\",\"Effect\":\"Allow\"} ],\n"
                + "  \"Version\": \"2012-10-17\"\n}";
        assertThat(PolicyDocuments.equivalent(reformatted, PolicyDocuments.ALLOW_ALL))
                .isTrue();
        assertThatCode(() -> Reuse.checkPolicy("DIC_POLICY", reformatted, PolicyDocuments.ALLOW_ALL))
                .doesNotThrowAnyException();
        assertThatThrownBy(() ->
                        Reuse.checkPolicy("DIC_POLICY", PolicyDocuments.leastPrivilege(), PolicyDocuments.ALLOW_ALL))
                .hasMessageContaining("policy DIC_POLICY already exists with a different document");
    }

    @Test
    void onlyActiveOrInactiveCertificatesAreReused() {
        assertThatCode(() -> Reuse.checkCertificate(OURS, CertificateStatus.ACTIVE))
                .doesNotThrowAnyException();
        assertThatCode(() -> Reuse.checkCertificate(OURS, CertificateStatus.INACTIVE))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Reuse.checkCertificate(OURS, CertificateStatus.REVOKED))
                .hasMessageContaining("REVOKED");
    }

    @Test
    void theLeastPrivilegeTemplateUsesPolicyVariablesForTheClientsOwnIdentity() {
        assertThat(PolicyDocuments.leastPrivilege())
                .contains("client/${iot:Connection.Thing.ThingName}")
                .contains("topic/${iot:ClientId}/*")
                .contains("topic/command")
                .doesNotContain("\"Action\": \"*\"");
    }

    @Test
    void optionsRefuseEqualThingNamesAndBadNames() {
        Path out = Path.of("out");
        assertThatThrownBy(() -> ProvisionOptions.builder(out)
                        .thing("X")
                        .explorerThing("X")
                        .build())
                .hasMessageContaining("--thing and --explorer-thing must differ");
        assertThatThrownBy(() -> ProvisionOptions.builder(out).thing("a b").build())
                .hasMessageContaining("--thing \"a b\" is not a valid name");
        assertThatThrownBy(
                        () -> ProvisionOptions.builder(out).policy(null, "[1]").build())
                .hasMessageContaining("not a JSON object");
        ProvisionOptions defaults = ProvisionOptions.defaults(out);
        assertThat(defaults.thingName()).isEqualTo("DIC_2");
        assertThat(defaults.explorerThingName()).isEqualTo("DIC_EXPLORER");
        assertThat(defaults.policyName()).isEqualTo("DIC_POLICY");
        assertThat(defaults.caMode()).isEqualTo(CaMode.SNI_ONLY);
        assertThat(defaults.policyDocument()).isEqualTo(PolicyDocuments.ALLOW_ALL);
    }

    @Test
    void aFailureMessageIsOneParagraphNamingTheStepAndWhatWasDone() {
        ProvisionException e = new ProvisionException(
                6,
                9,
                "register device certificate for DIC_2",
                "boom",
                List.of("registered CA x", "created policy P"),
                null);
        assertThat(e.getMessage())
                .isEqualTo("step 6/9 (register device certificate for DIC_2) failed: boom. Already done: registered CA"
                        + " x; created policy P. Nothing was rolled back: fix the cause and run the same command"
                        + " again, which reuses what exists.")
                .doesNotContain("\n");
    }
}
