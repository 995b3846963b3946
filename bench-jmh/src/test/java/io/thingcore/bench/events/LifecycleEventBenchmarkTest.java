package io.thingcore.bench.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method once, so the build proves the benchmark measures what it says. */
class LifecycleEventBenchmarkTest {
    @Test
    void onlyTheListeningBackendReceivesTheEvent() {
        LifecycleEventBenchmark benchmark = new LifecycleEventBenchmark();
        benchmark.nobodyListening();
        assertThat(benchmark.delivered()).isZero();
        assertThat(benchmark.oneBackendListening()).isEqualTo(1);
    }
}
