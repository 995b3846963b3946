package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the comparison keeps its rounds on warm broker processes (issue 14): what the unrecorded warm-up runs, and which
 * scenarios wait until every warm round is done because they restart the broker.
 */
class ComparisonTest {

    @Test
    void theFullRunWarmsUpEveryClosedLoopMessagePathBeforeRoundOne() {
        assertThat(Comparison.warmup(Settings.full(null)))
                .containsExactly(
                        Scenario.CONNECT,
                        Scenario.P2P_QOS1,
                        Scenario.FANIN_QOS1,
                        Scenario.FANOUT_QOS0,
                        Scenario.LATENCY_P99_MS,
                        Scenario.CONNECT);
    }

    @Test
    void theWarmUpRunsOnlyTheMessageScenariosThatWereChosen() {
        Settings fanInOnly = Settings.full(null).withScenarios(List.of(Scenario.FANIN_QOS1));

        assertThat(Comparison.warmup(fanInOnly))
                .containsExactly(Scenario.CONNECT, Scenario.FANIN_QOS1, Scenario.LATENCY_P99_MS, Scenario.CONNECT);
    }

    @Test
    void theQuickRunOnlyConnects() {
        assertThat(Comparison.warmup(Settings.quick(null))).containsExactly(Scenario.CONNECT);
    }

    @Test
    void theFullRunWarmsUpTheOtaDownloadsOnThingcoreWhenTheyAreChosen() {
        assertThat(Comparison.warmupThingcoreOnly(Settings.full(null))).containsExactly(Scenario.OTA_BLOCKS);
        assertThat(Comparison.warmupThingcoreOnly(Settings.full(null).withScenarios(List.of(Scenario.FANIN_QOS1))))
                .isEmpty();
        assertThat(Comparison.warmupThingcoreOnly(Settings.quick(null))).isEmpty();
    }

    @Test
    void eachFullRoundSettlesBothBrokersOnTheLatencyScenarioBeforeMeasuringIt() {
        assertThat(Comparison.settlesBeforeEachRound(Settings.full(null))).containsExactly(Scenario.LATENCY_P99_MS);
        assertThat(Comparison.settlesBeforeEachRound(Settings.full(null).withScenarios(List.of(Scenario.FANIN_QOS1))))
                .isEmpty();
        assertThat(Comparison.settlesBeforeEachRound(Settings.quick(null))).isEmpty();
    }

    @Test
    void onlyTheIdleMemoryScenarioRestartsTheBroker() {
        assertThat(Arrays.stream(Scenario.values()).filter(Scenario::restartsBroker))
                .containsExactly(Scenario.IDLE_KB_PER_CONN);
    }
}
