package io.thingcore.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the set-up and each benchmark method once, so the build proves the benchmark measures what it says. */
class TopicClassificationBenchmarkTest {
    @Test
    void classifiesAsIntended() {
        TopicClassificationBenchmark benchmark = new TopicClassificationBenchmark();
        benchmark.setUp();
        assertThat(benchmark.normalTopicRulesOnly()).isNull();
        assertThat(benchmark.normalTopic()).isNull();
        assertThat(benchmark.thingTopic().family()).isEqualTo("jobs");
        assertThat(benchmark.thingTopic().suffix()).isEqualTo("AFR_OTA-job1/update");
    }
}
