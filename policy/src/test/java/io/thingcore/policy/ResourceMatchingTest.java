package io.thingcore.policy;

import static io.thingcore.policy.Policies.allowed;
import static io.thingcore.policy.Policies.statement;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * IAM wildcards in Resource; MQTT wildcards are literal (AWS IoT Developer Guide, "Publish/Subscribe policy examples");
 * case-sensitive (not stated by AWS for policies; inferred from IAM matching and case-sensitive topics).
 */
class ResourceMatchingTest {
    private static final AuthorizationContext NONE = AuthorizationContext.EMPTY;

    private static boolean publish(String resourcePattern, String topic) {
        return allowed(statement("Allow", "iot:Publish", resourcePattern), "iot:Publish", "ARN:topic/" + topic, NONE);
    }

    private static boolean subscribe(String resourcePattern, String filter) {
        return allowed(
                statement("Allow", "iot:Subscribe", resourcePattern),
                "iot:Subscribe",
                "ARN:topicfilter/" + filter,
                NONE);
    }

    @Test
    void starCrossesSlashes() {
        assertThat(publish("ARN:topic/light/*", "light/kitchen/state")).isTrue();
        assertThat(publish("ARN:topic/*/state", "light/kitchen/state")).isTrue();
        assertThat(publish("ARN:topic/light/*", "light/")).isTrue();
        assertThat(publish("ARN:topic/light/*", "lock/x")).isFalse();
    }

    @Test
    void starInTheMiddleMatchesAnyRunIncludingEmpty() {
        assertThat(publish("ARN:topic/a*b*c", "abc")).isTrue();
        assertThat(publish("ARN:topic/a*b*c", "a/x/b/y/c")).isTrue();
        assertThat(publish("ARN:topic/a*b*c", "a/x/b/y/c/d")).isFalse();
        assertThat(publish("ARN:topic/a*b*c", "acb")).isFalse();
        assertThat(publish("ARN:topic/**", "anything/at/all")).isTrue();
    }

    @Test
    void questionMarkIsExactlyOneCharacter() {
        assertThat(publish("ARN:topic/dev/???/state", "dev/abc/state")).isTrue();
        assertThat(publish("ARN:topic/dev/???/state", "dev/ab/state")).isFalse();
        assertThat(publish("ARN:topic/dev/???/state", "dev/abcd/state")).isFalse();
        assertThat(publish("ARN:topic/dev/?", "dev/\uD83D\uDCA1")).isTrue();
        assertThat(publish("ARN:topic/*?x", "ax")).isTrue();
        assertThat(publish("ARN:topic/*?x", "x")).isFalse();
    }

    @Test
    void mqttWildcardsAreLiteral() {
        assertThat(subscribe("ARN:topicfilter/a/#", "a/#")).isTrue();
        assertThat(subscribe("ARN:topicfilter/a/#", "a/b")).isFalse();
        assertThat(subscribe("ARN:topicfilter/a/#", "a/+")).isFalse();
        assertThat(subscribe("ARN:topicfilter/sensors/+/temp", "sensors/+/temp"))
                .isTrue();
        assertThat(subscribe("ARN:topicfilter/sensors/+/temp", "sensors/x/temp"))
                .isFalse();
        assertThat(publish("ARN:topic/a/+", "a/b")).isFalse();
    }

    @Test
    void resourcesAreCaseSensitive() {
        assertThat(publish("ARN:topic/Light/*", "light/state")).isFalse();
        assertThat(publish("ARN:topic/Light/*", "Light/state")).isTrue();
    }

    @Test
    void exactResourceMatchesOnlyItself() {
        assertThat(publish("ARN:topic/command", "command")).isTrue();
        assertThat(publish("ARN:topic/command", "command/x")).isFalse();
        assertThat(publish("ARN:topic/command", "comman")).isFalse();
    }

    @Test
    void actionsMatchCaseInsensitivelyWithWildcards() {
        String json = statement("Allow", "iot:Pub*", "*");
        assertThat(allowed(json, "iot:Publish", "ARN:topic/x", NONE)).isTrue();
        assertThat(allowed(json, "IOT:PUBLISH", "ARN:topic/x", NONE)).isTrue();
        assertThat(allowed(json, "iot:Subscribe", "ARN:topicfilter/x", NONE)).isFalse();
        assertThat(allowed(statement("Allow", "iot:*", "*"), "iot:Receive", "ARN:topic/x", NONE))
                .isTrue();
        assertThat(allowed(statement("Allow", "iot:*", "*"), "greengrass:Discover", "ARN:topic/x", NONE))
                .isFalse();
        assertThat(allowed(statement("Allow", "iot:publish", "*"), "iot:Publish", "ARN:topic/x", NONE))
                .isTrue();
    }

    @Test
    void notActionAndNotResourceInvertTheMatch() {
        String notAction = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"NotAction\":\"iot:Publish\",\"Resource\":\"*\"}}";
        assertThat(allowed(notAction, "iot:Subscribe", "ARN:topicfilter/x", NONE))
                .isTrue();
        assertThat(allowed(notAction, "iot:Publish", "ARN:topic/x", NONE)).isFalse();

        String notResource = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"iot:Publish\",\"NotResource\":[\"" + Policies.ARN + "topic/admin/*\"]}}";
        assertThat(allowed(notResource, "iot:Publish", "ARN:topic/light", NONE)).isTrue();
        assertThat(allowed(notResource, "iot:Publish", "ARN:topic/admin/reset", NONE))
                .isFalse();
    }

    @Test
    void escapesAreLiteralCharacters() {
        assertThat(publish("ARN:topic/a${*}b", "a*b")).isTrue();
        assertThat(publish("ARN:topic/a${*}b", "axb")).isFalse();
        assertThat(publish("ARN:topic/a${?}", "a?")).isTrue();
        assertThat(publish("ARN:topic/a${?}", "ab")).isFalse();
        assertThat(publish("ARN:topic/${$}aws/x", "$aws/x")).isTrue();
        assertThat(publish("ARN:topic/$aws/things/*", "$aws/things/t/shadow/update"))
                .isTrue();
    }
}
