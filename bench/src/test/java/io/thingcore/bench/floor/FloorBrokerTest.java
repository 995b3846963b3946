package io.thingcore.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The floor broker's topic filters, from the examples of MQTT 3.1.1 section 4.7. */
class FloorBrokerTest {
    private static boolean matches(String filter, String topic) {
        return FloorBroker.Routes.matches(filter, topic);
    }

    @Test
    void multiLevelWildcardMatchesTheParentAndEveryLevelBelow_4_7_1_2() {
        assertThat(matches("sport/tennis/player1/#", "sport/tennis/player1")).isTrue();
        assertThat(matches("sport/tennis/player1/#", "sport/tennis/player1/ranking"))
                .isTrue();
        assertThat(matches("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon"))
                .isTrue();
        assertThat(matches("sport/#", "sport")).isTrue();
        assertThat(matches("#", "sport/tennis")).isTrue();
        assertThat(matches("sport/tennis/#", "sport/football")).isFalse();
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevel_4_7_1_3() {
        assertThat(matches("sport/tennis/+", "sport/tennis/player1")).isTrue();
        assertThat(matches("sport/tennis/+", "sport/tennis/player2")).isTrue();
        assertThat(matches("sport/tennis/+", "sport/tennis/player1/ranking")).isFalse();
        assertThat(matches("sport/+", "sport")).isFalse();
        assertThat(matches("sport/+", "sport/")).isTrue();
        assertThat(matches("+/+", "/finance")).isTrue();
        assertThat(matches("/+", "/finance")).isTrue();
        assertThat(matches("+", "/finance")).isFalse();
        assertThat(matches("bench/+/fanin", "bench/dev-00001/fanin")).isTrue();
        assertThat(matches("bench/+/fanin", "bench/dev-00001/p2p")).isFalse();
    }

    @Test
    void levelsMatchOnlyWhenEqual() {
        assertThat(matches("bench/dev-1/p2p", "bench/dev-1/p2p")).isTrue();
        assertThat(matches("bench/dev-1/p2p", "bench/dev-10/p2p")).isFalse();
        assertThat(matches("bench/dev-10/p2p", "bench/dev-1/p2p")).isFalse();
        assertThat(matches("a/b", "a/b/c")).isFalse();
        assertThat(matches("a/b/c", "a/b")).isFalse();
    }

    @Test
    void wildcardsAtTheFirstLevelDoNotMatchDollarTopics_4_7_2_1() {
        assertThat(matches("#", "$SYS/monitor/Clients")).isFalse();
        assertThat(matches("+/monitor/Clients", "$SYS/monitor/Clients")).isFalse();
        assertThat(matches("$SYS/#", "$SYS/monitor/Clients")).isTrue();
        assertThat(matches("$SYS/monitor/+", "$SYS/monitor/Clients")).isTrue();
    }
}
