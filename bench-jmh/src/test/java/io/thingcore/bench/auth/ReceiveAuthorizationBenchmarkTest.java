package io.thingcore.bench.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method, so the build proves both paths allow every delivery of the fan-in subscription. */
class ReceiveAuthorizationBenchmarkTest {
    @Test
    void bothPathsAllowEveryTopic() {
        ReceiveAuthorizationBenchmark benchmark = new ReceiveAuthorizationBenchmark();
        benchmark.topics = 1000;
        benchmark.setUp();
        for (int i = 0; i < 2 * benchmark.topics; i++) {
            assertThat(benchmark.decided()).isTrue();
            assertThat(benchmark.proven()).isTrue();
        }
    }
}
