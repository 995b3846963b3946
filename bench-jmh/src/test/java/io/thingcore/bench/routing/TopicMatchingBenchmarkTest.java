package io.thingcore.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark's set-up and each benchmark once, so that a change to the broker's trie that breaks the benchmark
 * fails the build rather than the next benchmark run. Measures nothing.
 */
class TopicMatchingBenchmarkTest {
    @Test
    void setUpBuildsTheTrieAndEveryTopicMatchesAsDocumented() {
        TopicMatchingBenchmark benchmark = new TopicMatchingBenchmark();
        benchmark.setUp();

        assertThat(benchmark.matchExact()).hasSize(1);
        assertThat(benchmark.matchWildcard()).hasSize(1);
        assertThat(benchmark.matchMiss()).isEmpty();
        // The 16 $aws/events/# monitors and the device's one watcher; never the +/+/health filters (MQTT 4.7.2-1).
        assertThat(benchmark.matchReservedTopic()).hasSize(TopicMatchingBenchmark.EVENT_MONITORS + 1);
    }
}
