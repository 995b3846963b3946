package io.thingcore.policy;

import static io.thingcore.policy.Policies.allowed;
import static io.thingcore.policy.Policies.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Policy variables (AWS IoT Developer Guide: basic, thing and X.509 certificate policy variables), and the rule that
 * identity values are data, never patterns.
 */
class PolicyVariablesTest {
    private static final String DEVICE_TOPICS = statement("Allow", "iot:Publish", "ARN:topic/dev/${iot:ClientId}/*");

    private static AuthorizationContext client(String clientId) {
        return AuthorizationContext.builder().clientId(clientId).build();
    }

    @Test
    void clientIdIsSubstituted() {
        assertThat(allowed(DEVICE_TOPICS, "iot:Publish", "ARN:topic/dev/dev-1/state", client("dev-1")))
                .isTrue();
        assertThat(allowed(DEVICE_TOPICS, "iot:Publish", "ARN:topic/dev/dev-2/state", client("dev-1")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "+", "a#", "#", "dev?", "$aws", "a*b"})
    void wildcardCharactersInAClientIdDoNotWidenTheGrant(String clientId) {
        AuthorizationContext ctx = client(clientId);
        assertThat(ctx.substitutionFor("iot:ClientId")).isNull();
        for (String topic : List.of("dev/" + clientId + "/x", "dev/other/x", "dev/a/b/x", "dev/ab/x", "dev/x")) {
            assertThat(allowed(DEVICE_TOPICS, "iot:Publish", "ARN:topic/" + topic, ctx))
                    .as("client ID %s on topic %s", clientId, topic)
                    .isFalse();
        }
    }

    @Test
    void aPlusClientIdCannotSubscribeToTheMqttWildcardFilter() {
        String json = statement("Allow", "iot:Subscribe", "ARN:topicfilter/my/${iot:ClientId}/topic");
        assertThat(allowed(json, "iot:Subscribe", "ARN:topicfilter/my/+/topic", client("+")))
                .isFalse();
        assertThat(allowed(json, "iot:Subscribe", "ARN:topicfilter/my/c1/topic", client("c1")))
                .isTrue();
    }

    @Test
    void valuesLongerThan1024CharactersAreNotSubstituted() {
        String ok = "a".repeat(1024);
        String tooLong = "a".repeat(1025);
        assertThat(allowed(DEVICE_TOPICS, "iot:Publish", "ARN:topic/dev/" + ok + "/x", client(ok)))
                .isTrue();
        assertThat(allowed(DEVICE_TOPICS, "iot:Publish", "ARN:topic/dev/" + tooLong + "/x", client(tooLong)))
                .isFalse();
    }

    @Test
    void substitutedValuesAreLiteralAndVariableNamesAreCaseInsensitive() {
        String json = statement("Allow", "iot:Publish", "ARN:topic/${IOT:CLIENTID}");
        assertThat(allowed(json, "iot:Publish", "ARN:topic/a.b", client("a.b"))).isTrue();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/axb", client("a.b"))).isFalse();
    }

    @Test
    void thingVariablesResolveOnlyWhenTheThingIsAttached() {
        String json = statement("Allow", "iot:Publish", "ARN:topic/things/${iot:Connection.Thing.ThingName}/*");
        AuthorizationContext attached = AuthorizationContext.builder()
                .clientId("lamp")
                .thing("lamp", "light", Map.of())
                .build();
        AuthorizationContext notAttached = AuthorizationContext.builder()
                .clientId("lamp")
                .thingName("lamp")
                .thingAttached(false)
                .build();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/things/lamp/state", attached))
                .isTrue();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/things/lamp/state", notAttached))
                .isFalse();
        assertThat(notAttached.values("iot:Connection.Thing.IsAttached")).containsExactly("false");
    }

    @Test
    void thingTypeAndAttributesAreVariables() {
        String json = statement(
                "Allow",
                "iot:Publish",
                "ARN:topic/${iot:Connection.Thing.ThingTypeName}/${iot:Connection.Thing.Attributes[site]}/*");
        AuthorizationContext ctx = AuthorizationContext.builder()
                .thing("lamp", "light", Map.of("site", "lab", "Site", "other"))
                .build();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/light/lab/x", ctx)).isTrue();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/light/other/x", ctx)).isFalse();
    }

    @Test
    void certificateSubjectIndexesAndList() {
        AuthorizationContext ctx = AuthorizationContext.builder()
                .certificateSubject(Map.of("OrganizationalUnit", List.of("Sales", "Marketing", "Ops")))
                .build();
        // Plain name = first value; .1 = the second value (AWS: "one-based index" of the further values).
        assertThat(ctx.substitutionFor("iot:Certificate.Subject.OrganizationalUnit"))
                .isEqualTo("Sales");
        assertThat(ctx.substitutionFor("iot:Certificate.Subject.OrganizationalUnit.1"))
                .isEqualTo("Marketing");
        assertThat(ctx.substitutionFor("iot:Certificate.Subject.OrganizationalUnit.2"))
                .isEqualTo("Ops");
        assertThat(ctx.substitutionFor("iot:Certificate.Subject.OrganizationalUnit.3"))
                .isNull();

        String byIndex = statement("Allow", "iot:Publish", "ARN:topic/${iot:Certificate.Subject.OrganizationalUnit.1}");
        assertThat(allowed(byIndex, "iot:Publish", "ARN:topic/Marketing", ctx)).isTrue();
        String missingIndex =
                statement("Allow", "iot:Publish", "ARN:topic/${iot:Certificate.Subject.OrganizationalUnit.7}");
        assertThat(allowed(missingIndex, "iot:Publish", "ARN:topic/Marketing", ctx))
                .isFalse();

        String anyOu = statement(
                "Allow",
                "iot:Publish",
                "*",
                "{\"ForAnyValue:StringEquals\":{\"iot:Certificate.Subject.OrganizationalUnit.List\":\"Ops\"}}");
        assertThat(allowed(anyOu, "iot:Publish", "ARN:topic/x", ctx)).isTrue();
        String allOu = statement(
                "Allow",
                "iot:Publish",
                "*",
                "{\"ForAllValues:StringEquals\":{\"iot:Certificate.Subject.OrganizationalUnit.List\":"
                        + "[\"Sales\",\"Marketing\"]}}");
        assertThat(allowed(allOu, "iot:Publish", "ARN:topic/x", ctx)).isFalse();
    }

    @Test
    void certificateListsAreTruncatedToFiveValues() {
        AuthorizationContext ctx = AuthorizationContext.builder()
                .certificateSubject(Map.of("Organization", List.of("a", "b", "c", "d", "e", "f")))
                .build();
        assertThat(ctx.values("iot:Certificate.Subject.Organization.List")).containsExactly("a", "b", "c", "d", "e");
        assertThat(ctx.substitutionFor("iot:Certificate.Subject.Organization.5"))
                .isNull();
    }

    @Test
    void otherCertificateVariables() {
        AuthorizationContext ctx = AuthorizationContext.builder()
                .certificateIssuer(Map.of("CommonName", List.of("Fleet CA")))
                .subjectAlternativeNames(Map.of("DNSName", List.of("dev1.example.com", "dev1.example.org")))
                .certificateSerialNumber("0123ab")
                .domainName("iot.example.com")
                .build();
        String json = statement(
                "Allow",
                "iot:Publish",
                "ARN:topic/${iot:Certificate.SerialNumber}/${iot:Certificate.Subject.AlternativeName.DNSName.1}"
                        + "/${iot:Certificate.Issuer.CommonName}/${iot:DomainName}");
        assertThat(allowed(json, "iot:Publish", "ARN:topic/0123ab/dev1.example.org/Fleet CA/iot.example.com", ctx))
                .isTrue();
    }

    @Test
    void genericKeysCanBeVariables() {
        AuthorizationContext ctx = AuthorizationContext.builder()
                .put("custom:Tenant", List.of("acme"))
                .put("custom:Many", List.of("a", "b"))
                .build();
        assertThat(allowed(
                        statement("Allow", "iot:Publish", "ARN:topic/${custom:Tenant}/*"),
                        "iot:Publish",
                        "ARN:topic/acme/x",
                        ctx))
                .isTrue();
        // A multi-valued key has no single value to substitute.
        assertThat(allowed(
                        statement("Allow", "iot:Publish", "ARN:topic/${custom:Many}/*"),
                        "iot:Publish",
                        "ARN:topic/a/x",
                        ctx))
                .isFalse();
    }

    @Test
    void variablesAreLiteralTextOutsideVersion2012() {
        String json = "{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                + "\"Resource\":\"" + Policies.ARN + "topic/${iot:ClientId}\"}}";
        assertThat(allowed(json, "iot:Publish", "ARN:topic/c1", client("c1"))).isFalse();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/${iot:ClientId}", client("c1")))
                .isTrue();
    }

    @Test
    void notResourceWithAnUnresolvedVariableGrantsNothing() {
        String json = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\","
                + "\"NotResource\":\"" + Policies.ARN + "topic/${iot:ClientId}/admin\"}}";
        assertThat(allowed(json, "iot:Publish", "ARN:topic/x", client("c1"))).isTrue();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/c1/admin", client("c1")))
                .isFalse();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/+/admin", client("+")))
                .isFalse();
        assertThat(allowed(json, "iot:Publish", "ARN:topic/x", AuthorizationContext.EMPTY))
                .isFalse();
    }
}
