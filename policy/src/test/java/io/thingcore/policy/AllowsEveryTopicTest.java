package io.thingcore.policy;

import static io.thingcore.policy.Policies.ARN;
import static io.thingcore.policy.Policies.SEED;
import static io.thingcore.policy.Policies.ref;
import static io.thingcore.policy.Policies.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PolicyEvaluator#allowsEvery}: a subscription's {@code iot:Receive} proven once for every topic its filter
 * matches, and refused wherever one such topic could be denied. What the evaluator must decide per topic is in
 * {@code PolicyPropertiesTest.everyTopicOfAProvenFilterIsAllowed}; these are the shapes a user writes.
 */
class AllowsEveryTopicTest {
    private static final AuthorizationContext LAMP =
            AuthorizationContext.builder().clientId("lamp-1").build();

    private static boolean proven(String filter, AuthorizationContext ctx, String... documents) {
        List<PolicyRef> policies = Arrays.stream(documents)
                .map(json -> ref("p" + json.hashCode(), json))
                .toList();
        return PolicyEvaluator.allowsEvery(policies, "iot:Receive", ResourceSet.topicsOf(ARN + "topic/", filter), ctx);
    }

    @Test
    void theDicSeedPolicyProvesEveryFilter() {
        for (String filter : List.of("#", "+", "a/+/c", "$aws/things/lamp-1/shadow/#", "dic/lamp-1")) {
            assertThat(proven(filter, LAMP, SEED)).as(filter).isTrue();
        }
    }

    /** The bench's device policy: {@code iot:Receive} on {@code topic/bench/*}, a backend's fan-in subscription. */
    @Test
    void aTrailingStarProvesTheFiltersBelowIt() {
        String policy = statement("Allow", "iot:Receive", "arn:aws:iot:*:*:topic/bench/*");
        assertThat(proven("bench/+/fanin", LAMP, policy)).isTrue();
        assertThat(proven("bench/+/+/x", LAMP, policy)).isTrue();
        assertThat(proven("bench/a", LAMP, policy)).isTrue();
        assertThat(proven("other/+", LAMP, policy)).isFalse();
        assertThat(proven("+/fanin", LAMP, policy))
                .as("the first level is anyone's")
                .isFalse();
        assertThat(proven("#", LAMP, policy)).isFalse();
        assertThat(proven("bench/#", LAMP, policy))
                .as("bench/# also stands for the topic bench itself, which topic/bench/* does not match")
                .isFalse();
    }

    @Test
    void aPolicyVariableProvesOnlyTheConnectionsOwnLevel() {
        String policy = statement("Allow", "iot:Receive", "ARN:topic/dev/${iot:ClientId}/*");
        assertThat(proven("dev/lamp-1/+", LAMP, policy)).isTrue();
        assertThat(proven("dev/lamp-2/+", LAMP, policy)).isFalse();
        assertThat(proven("dev/+/state", LAMP, policy)).isFalse();
        assertThat(proven("dev/lamp-1/+", AuthorizationContext.EMPTY, policy))
                .as("no client ID to substitute")
                .isFalse();
    }

    @Test
    void aDenyThatMayMatchOneTopicRefusesTheProof() {
        String allowAll = statement("Allow", "iot:Receive", "ARN:topic/*");
        String denySecret = statement("Deny", "iot:Receive", "ARN:topic/bench/secret");
        assertThat(proven("bench/+", LAMP, allowAll, denySecret)).isFalse();
        assertThat(proven("bench/public", LAMP, allowAll, denySecret)).isTrue();
        assertThat(proven("other/+", LAMP, allowAll, denySecret))
                .as("the Deny's literal text rules out every topic of other/+")
                .isTrue();
        assertThat(proven("other/+", LAMP, allowAll, statement("Deny", "iot:*", "*")))
                .isFalse();
        assertThat(proven("other/+", LAMP, allowAll, statement("Deny", "iot:Publish", "*")))
                .as("a Deny of another action")
                .isTrue();
    }

    @Test
    void aSingleCharacterWildcardCannotCoverALevelWildcard() {
        String policy = statement("Allow", "iot:Receive", "ARN:topic/a/?");
        assertThat(proven("a/+", LAMP, policy))
                .as("+ may be empty or longer than one character")
                .isFalse();
        assertThat(proven("a/b", LAMP, policy)).isTrue();
        assertThat(proven("a/\uD83D\uDE00", LAMP, policy))
                .as("? is one character, a surrogate pair included")
                .isTrue();
    }

    @Test
    void conditionsAreReadFromTheConnection() {
        String onlyLamps =
                statement("Allow", "iot:Receive", "ARN:topic/*", "{\"StringLike\":{\"iot:ClientId\":\"lamp-*\"}}");
        assertThat(proven("a/+", LAMP, onlyLamps)).isTrue();
        assertThat(proven(
                        "a/+", AuthorizationContext.builder().clientId("fan-1").build(), onlyLamps))
                .isFalse();
        String exceptLamp1 = statement(
                "Deny", "iot:Receive", "ARN:topic/a/*", "{\"StringNotEquals\":{\"iot:ClientId\":\"lamp-1\"}}");
        assertThat(proven("a/+", LAMP, SEED, exceptLamp1))
                .as("the Deny's condition fails for lamp-1")
                .isTrue();
        assertThat(proven(
                        "a/+", AuthorizationContext.builder().clientId("fan-1").build(), SEED, exceptLamp1))
                .isFalse();
    }

    @Test
    void notResourceIsNeverAProof() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\","
                + "\"NotResource\":\"" + ARN + "topic/private/*\"}}";
        assertThat(proven("public/+", LAMP, policy)).isFalse();
        assertThat(PolicyEvaluator.isAllowed(List.of(ref("p", policy)), "iot:Receive", ARN + "topic/public/x", LAMP))
                .as("each topic is still allowed, decided one by one")
                .isTrue();
    }

    @Test
    void everyAlternativeOfAHashFilterNeedsAGrant() {
        String below = statement("Allow", "iot:Receive", "ARN:topic/dev/lamp-1/*");
        String parent = statement("Allow", "iot:Receive", "ARN:topic/dev/lamp-1");
        assertThat(proven("dev/lamp-1/#", LAMP, below)).isFalse();
        assertThat(proven("dev/lamp-1/#", LAMP, below, parent)).isTrue();
        assertThat(proven(
                        "dev/lamp-1/#",
                        AuthorizationContext.builder()
                                .clientId("lamp-1")
                                .thingAttached(true)
                                .thingName("lamp-1")
                                .thingAttribute("room", "hall")
                                .build(),
                        statement("Allow", "iot:Receive", "ARN:topic/dev/${iot:Connection.Thing.ThingName}*")))
                .isTrue();
    }
}
