package io.thingcore.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Topics#matches}, which the session asks on every delivery (its receive proofs) and the retained store on every
 * subscribe, agrees with the subscription trie that routes messages, under both readings of {@code #}.
 */
class TopicsMatchTest {
    @Test
    void MQTT_4_7_1_2_hashMatchesItsParentLevelOnlyInStandardSemantics() {
        assertThat(Topics.matches("sport/#", "sport", true)).isTrue();
        assertThat(Topics.matches("sport/#", "sport", false)).isFalse();
        assertThat(Topics.matches("sport/#", "sport/", false)).isTrue();
        assertThat(Topics.matches("sport/#", "sport/tennis/player1", false)).isTrue();
        assertThat(Topics.matches("#", "sport", false)).isTrue();
    }

    @Test
    void MQTT_4_7_1_3_plusMatchesExactlyOneLevel() {
        assertThat(Topics.matches("sport/+", "sport/", false)).isTrue();
        assertThat(Topics.matches("sport/+", "sport", false)).isFalse();
        assertThat(Topics.matches("sport/+/player1", "sport/tennis/player1", false))
                .isTrue();
        assertThat(Topics.matches("sport/+/player1", "sport/tennis/x/player1", false))
                .isFalse();
        assertThat(Topics.matches("+/+", "/finance", false)).isTrue();
        assertThat(Topics.matches("/+", "/finance", false)).isTrue();
        assertThat(Topics.matches("+", "/finance", false)).isFalse();
    }

    @Test
    void MQTT_4_7_2_1_wildcardsAtTheFirstLevelDoNotMatchDollarTopics() {
        assertThat(Topics.matches("#", "$SYS/x", true)).isFalse();
        assertThat(Topics.matches("+/monitor/Clients", "$SYS/monitor/Clients", true))
                .isFalse();
        assertThat(Topics.matches("$SYS/#", "$SYS/x", true)).isTrue();
        assertThat(Topics.matches("$SYS/monitor/+", "$SYS/monitor/Clients", true))
                .isTrue();
    }

    @Test
    void literalLevelsMatchWholeLevelsOnly() {
        assertThat(Topics.matches("a/b", "a/b", false)).isTrue();
        assertThat(Topics.matches("a/b", "a/bc", false)).isFalse();
        assertThat(Topics.matches("a/bc", "a/b", false)).isFalse();
        assertThat(Topics.matches("a/b", "a/b/", false)).isFalse();
        assertThat(Topics.matches("a/b/", "a/b", false)).isFalse();
    }

    /** Generated filters and topics over a small alphabet, so that matches and near misses both happen often. */
    @Test
    void agreesWithTheSubscriptionTrie() {
        long seed = Long.getLong("thingcore.topics.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> levels = List.of("", "a", "b", "ab", "$a");
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            boolean hashMatchesParent = random.nextBoolean();
            StringBuilder filter = new StringBuilder();
            StringBuilder topic = new StringBuilder();
            for (int level = 0, n = 1 + random.nextInt(4); level < n; level++) {
                String separator = level == 0 ? "" : "/";
                int kind = random.nextInt(5);
                filter.append(separator).append(kind == 0 ? "+" : levels.get(random.nextInt(levels.size())));
                topic.append(separator).append(levels.get(random.nextInt(levels.size())));
            }
            if (random.nextInt(3) == 0) {
                filter.append(filter.isEmpty() ? "#" : "/#");
            }
            if (random.nextInt(3) == 0) {
                topic.append('/').append(levels.get(random.nextInt(levels.size())));
            }
            TopicTree<String> tree = new TopicTree<>(hashMatchesParent);
            tree.subscribe(filter.toString(), "s", new Subscription(0, false));
            boolean expected = tree.match(topic.toString()).containsKey("s");
            assertThat(Topics.matches(filter.toString(), topic.toString(), hashMatchesParent))
                    .as(
                            "%s against %s (hashMatchesParent %s, -Dthingcore.topics.seed=%d)",
                            filter, topic, hashMatchesParent, seed)
                    .isEqualTo(expected);
            matched += expected ? 1 : 0;
        }
        assertThat(matched).as("matches among the generated pairs").isGreaterThan(1_000);
    }
}
