package io.thingcore.bench.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method once, so the build proves the benchmark counts what it says. */
class PublishCountersBenchmarkTest {
    @Test
    void countsOneMessageInAndOneOut() {
        PublishCountersBenchmark benchmark = new PublishCountersBenchmark();
        assertThat(benchmark.baseline()).isEqualTo(1);
        benchmark.brokerCounters();
        assertThat(benchmark.counters().publishesReceived(1)).isEqualTo(1);
        assertThat(benchmark.counters().publishesSent(1)).isEqualTo(1);
        assertThat(benchmark.atomicLongs()).isEqualTo(1);
    }
}
