package io.thingcore.policy;

import static io.thingcore.policy.Policies.ARN;
import static io.thingcore.policy.Policies.SEED;
import static io.thingcore.policy.Policies.ref;
import static io.thingcore.policy.Policies.statement;
import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.policy.Decision.Outcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Explicit deny beats allow beats implicit deny (AWS IoT Developer Guide, "AWS IoT Core policies"), explained as
 * TestAuthorization does (AWS IoT API Reference).
 */
class PolicyEvaluatorTest {
    private static final AuthorizationContext CTX =
            AuthorizationContext.builder().clientId("lamp-1").build();

    private static AuthorizationRequest publish(String topic) {
        return new AuthorizationRequest("iot:Publish", ARN + "topic/" + topic);
    }

    @Test
    void theDicSeedPolicyAllowsEverything() {
        List<PolicyRef> seed = List.of(ref("DIC_POLICY", SEED));
        for (String action :
                List.of("iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive", "iot:UpdateThingShadow")) {
            AuthorizationRequest request = new AuthorizationRequest(action, ARN + "client/anything");
            assertThat(PolicyEvaluator.isAllowed(seed, request, AuthorizationContext.EMPTY))
                    .isTrue();
            Decision d = PolicyEvaluator.evaluate(seed, request, AuthorizationContext.EMPTY);
            assertThat(d.outcome()).isEqualTo(Outcome.ALLOWED);
            assertThat(d.allowedBy()).extracting(PolicyRef::name).containsExactly("DIC_POLICY");
            assertThat(d.decidingStatement().index()).isZero();
            assertThat(d.reason()).contains("DIC_POLICY", "Statement[0]");
        }
    }

    /**
     * IAM User Guide, "IAM JSON policy elements: Condition operators": a negated operator on a key missing from the
     * request is true, so a device without an attached thing cannot escape a Deny that exempts one thing (found by
     * {@code PolicyPropertiesTest}; it was skipped before).
     */
    @Test
    void aDenyWithANegatedConditionStillAppliesWhenTheKeyIsMissing() {
        PolicyRef allowAll = ref("AllowAll", SEED);
        PolicyRef denyOthers = ref(
                "DenyAllButLamp",
                statement(
                        "Deny",
                        "iot:Publish",
                        "ARN:topic/*",
                        "{\"StringNotEquals\":{\"iot:Connection.Thing.ThingName\":\"lamp-1\"}}"));
        List<PolicyRef> policies = List.of(allowAll, denyOthers);

        assertThat(PolicyEvaluator.isAllowed(policies, publish("light/state"), CTX))
                .as("no thing attached")
                .isFalse();
        assertThat(PolicyEvaluator.evaluate(policies, publish("light/state"), CTX)
                        .outcome())
                .isEqualTo(Outcome.EXPLICIT_DENY);
        AuthorizationContext lamp = AuthorizationContext.builder()
                .clientId("lamp-1")
                .thing("lamp-1", null, Map.of())
                .build();
        assertThat(PolicyEvaluator.isAllowed(policies, publish("light/state"), lamp))
                .isTrue();
    }

    @Test
    void denyInAnyPolicyBeatsAllow() {
        PolicyRef allowAll = ref("AllowAll", SEED);
        PolicyRef denyAdmin = ref("DenyAdmin", statement("Deny", "iot:Publish", "ARN:topic/admin/*"));
        PolicyRef unrelated = ref("Unrelated", statement("Allow", "iot:Subscribe", "*"));
        List<PolicyRef> policies = List.of(allowAll, unrelated, denyAdmin);

        assertThat(PolicyEvaluator.isAllowed(policies, publish("admin/reset"), CTX))
                .isFalse();
        Decision d = PolicyEvaluator.evaluate(policies, publish("admin/reset"), CTX);
        assertThat(d.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(d.explicitlyDeniedBy()).containsExactly(denyAdmin);
        assertThat(d.allowedBy()).containsExactly(allowAll);
        assertThat(d.implicitlyDeniedBy()).containsExactly(unrelated);
        assertThat(d.decidingStatement().policy()).isEqualTo(denyAdmin);
        assertThat(d.reason()).startsWith("Explicitly denied by policy 'DenyAdmin' Statement[0]");

        assertThat(PolicyEvaluator.isAllowed(policies, publish("light/state"), CTX))
                .isTrue();
        assertThat(PolicyEvaluator.evaluate(policies, publish("light/state"), CTX)
                        .outcome())
                .isEqualTo(Outcome.ALLOWED);
    }

    @Test
    void denyBeatsAllowWithinOnePolicyWhateverTheOrder() {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"all\",\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"noAdmin\",\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN
                + "topic/admin/*\"}]}";
        List<PolicyRef> policies = List.of(ref("Mixed", json));
        Decision d = PolicyEvaluator.evaluate(policies, publish("admin/x"), CTX);
        assertThat(d.outcome()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(d.allowedBy()).isEmpty();
        assertThat(d.decidingStatement()).isEqualTo(new StatementRef(policies.get(0), 1, "noAdmin"));
        assertThat(d.reason()).contains("Sid 'noAdmin'");
        assertThat(PolicyEvaluator.isAllowed(policies, publish("admin/x"), CTX)).isFalse();
    }

    @Test
    void nothingMatchingIsAnImplicitDeny() {
        PolicyRef p = ref("OnlySubscribe", statement("Allow", "iot:Subscribe", "*"));
        Decision d = PolicyEvaluator.evaluate(List.of(p), publish("x"), CTX);
        assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(d.implicitlyDeniedBy()).containsExactly(p);
        assertThat(d.allowedBy()).isEmpty();
        assertThat(d.explicitlyDeniedBy()).isEmpty();
        assertThat(d.decidingStatement()).isNull();
        assertThat(d.reason()).startsWith("no statement matched");

        Decision none = PolicyEvaluator.evaluate(List.of(), publish("x"), CTX);
        assertThat(none.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.isAllowed(List.of(), publish("x"), CTX)).isFalse();
    }

    @Test
    void missingContextValuesAreReported() {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN
                + "topic/${iot:Connection.Thing.ThingName}/*\"},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"iot:DomainName\":\"iot.example.com\"},"
                + "\"StringLike\":{\"iot:ClientId\":\"lamp-*\"}}},"
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"custom:NotConsulted\":\"x\"}}}]}";
        Decision d = PolicyEvaluator.evaluate(List.of(ref("p", json)), publish("lamp-1/state"), CTX);
        assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(d.missingContextValues()).containsExactly("iot:Connection.Thing.ThingName", "iot:DomainName");
    }

    @Test
    void aRefusedValueIsNotReportedAsMissing() {
        AuthorizationContext plus = AuthorizationContext.builder().clientId("+").build();
        Decision d = PolicyEvaluator.evaluate(
                List.of(ref("p", statement("Allow", "iot:Publish", "ARN:topic/${iot:ClientId}"))), publish("+"), plus);
        assertThat(d.outcome()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(d.missingContextValues()).isEmpty();
    }

    @Test
    void aDeviceFleetPolicyDecidesAsExpected() {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + ARN
                + "client/${iot:Connection.Thing.ThingName}\","
                + "\"Condition\":{\"Bool\":{\"iot:Connection.Thing.IsAttached\":\"true\"}}},"
                + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],\"Resource\":\"" + ARN
                + "topic/dev/${iot:ClientId}/*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"" + ARN
                + "topic/dev/*/admin\"}]}";
        List<PolicyRef> policies = List.of(ref("Fleet", json));
        AuthorizationContext attached = AuthorizationContext.builder()
                .clientId("lamp-1")
                .thing("lamp-1", null, Map.of())
                .build();
        assertThat(PolicyEvaluator.isAllowed(policies, "iot:Connect", ARN + "client/lamp-1", attached))
                .isTrue();
        assertThat(PolicyEvaluator.isAllowed(policies, "iot:Connect", ARN + "client/lamp-1", CTX))
                .isFalse();
        assertThat(PolicyEvaluator.isAllowed(policies, "iot:Publish", ARN + "topic/dev/lamp-1/state", attached))
                .isTrue();
        assertThat(PolicyEvaluator.isAllowed(policies, "iot:Publish", ARN + "topic/dev/lamp-1/admin", attached))
                .isFalse();
        assertThat(PolicyEvaluator.isAllowed(policies, "iot:Receive", ARN + "topic/dev/lamp-1/admin", attached))
                .isTrue();
        assertThat(PolicyEvaluator.isAllowed(policies, "iot:Publish", ARN + "topic/dev/lamp-2/state", attached))
                .isFalse();
    }

    @Test
    void policyRefCarriesNameAndArnOpaquely() {
        PolicyRef p = new PolicyRef("n", null, PolicyDocument.parse(SEED));
        Decision d = PolicyEvaluator.evaluate(List.of(p), publish("x"), CTX);
        assertThat(d.allowedBy()).containsExactly(p);
        assertThat(d.allowedBy().get(0).arn()).isNull();
    }
}
