package io.thingcore.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.Limits;
import org.junit.jupiter.api.Test;

class TopicTreeTest {
    final TopicTree<String> aws = new TopicTree<>(false);
    final TopicTree<String> standard = new TopicTree<>(true);
    final Subscription q1 = new Subscription(1, false);

    @Test
    void aws_hashDoesNotMatchParentLevel() {
        aws.subscribe("sensor/#", "s", q1);
        assertThat(aws.match("sensor")).isEmpty();
        assertThat(aws.match("sensor/")).containsKey("s");
        assertThat(aws.match("sensor/a")).containsKey("s");
        assertThat(aws.match("sensor/a/b")).containsKey("s");
    }

    @Test
    void MQTT_4_7_1_2_hashMatchesParentLevelInStandardSemantics() {
        standard.subscribe("sensor/#", "s", q1);
        assertThat(standard.match("sensor")).containsKey("s");
    }

    @Test
    void MQTT_4_7_1_3_plusMatchesExactlyOneLevel() {
        aws.subscribe("a/+/c", "s", q1);
        assertThat(aws.match("a/b/c")).containsKey("s");
        assertThat(aws.match("a//c")).containsKey("s");
        assertThat(aws.match("a/b/d/c")).isEmpty();
        assertThat(aws.match("a/c")).isEmpty();
    }

    @Test
    void MQTT_4_7_2_1_wildcardsAtFirstLevelDoNotMatchDollarTopics() {
        aws.subscribe("#", "all", q1);
        aws.subscribe("+/events/x", "plus", q1);
        aws.subscribe("$aws/events/#", "events", q1);
        assertThat(aws.match("$aws/events/x")).containsOnlyKeys("events");
        assertThat(aws.match("light/state")).containsOnlyKeys("all");
    }

    @Test
    void overlappingSubscriptionsDeliverOnceWithHighestQos() {
        aws.subscribe("a/#", "s", new Subscription(0, false));
        aws.subscribe("a/b", "s", q1);
        assertThat(aws.match("a/b")).hasSize(1).containsEntry("s", q1);
    }

    @Test
    void severalSubscribersOneOfThemTwice_eachOnceWithItsSubscriptionsMerged() {
        Subscription q0 = new Subscription(0, false);
        aws.subscribe("a/#", "first", q0);
        aws.subscribe("a/+", "second", q1);
        aws.subscribe("+/b", "third", q0);
        aws.subscribe("a/b", "first", q1);
        assertThat(aws.match("a/b"))
                .hasSize(3)
                .containsEntry("first", q1)
                .containsEntry("second", q1)
                .containsEntry("third", q0);
        assertThat(aws.match("a/c")).hasSize(2).containsEntry("first", q0).containsEntry("second", q1);
        assertThat(aws.match("a/b/c")).containsOnlyKeys("first");
        assertThat(aws.match("b")).isEmpty();
    }

    @Test
    void unsubscribePrunesAndStopsMatching() {
        aws.subscribe("x/y/z", "s", q1);
        assertThat(aws.unsubscribe("x/y/z", "s")).isTrue();
        assertThat(aws.unsubscribe("x/y/z", "s")).isFalse();
        assertThat(aws.match("x/y/z")).isEmpty();
    }

    @Test
    void aws_topicRules() {
        Limits l = Limits.AWS;
        assertThat(Topics.checkPublishTopic("a".repeat(256), l)).isNull();
        assertThat(Topics.checkPublishTopic("a".repeat(257), l)).isEqualTo(TopicRule.TOO_LONG);
        assertThat(Topics.checkPublishTopic("a/b/c/d/e/f/g/h", l)).isNull();
        assertThat(Topics.checkPublishTopic("a/b/c/d/e/f/g/h/i", l)).isEqualTo(TopicRule.TOO_MANY_SLASHES);
        assertThat(Topics.checkFilter("$aws/rules/myrule/a/b/c/d/e/f/g/h", l)).isEqualTo(TopicRule.RESERVED);
        assertThat(Topics.checkPublishTopic("$aws/rules/r/a/b/c/d/e/f/g/h", l)).isEqualTo(TopicRule.RESERVED);
        assertThat(Topics.checkPublishTopic("a/+", l)).isEqualTo(TopicRule.WILDCARD_IN_TOPIC);
        assertThat(Topics.checkPublishTopic("$aws/things/t/shadow/update", l)).isEqualTo(TopicRule.RESERVED);
        assertThat(Topics.checkFilter("$aws/events/presence/connected/+", l)).isNull();
        assertThat(Topics.checkFilter("$share/g/a", l)).isEqualTo(TopicRule.SHARED_SUBSCRIPTION);
        assertThat(Topics.checkFilter("a/#/b", l)).isEqualTo(TopicRule.INVALID_WILDCARD);
        assertThat(Topics.checkFilter("a/b+", l)).isEqualTo(TopicRule.INVALID_WILDCARD);
        assertThat(Topics.checkFilter("", l)).isEqualTo(TopicRule.EMPTY);
    }
}
