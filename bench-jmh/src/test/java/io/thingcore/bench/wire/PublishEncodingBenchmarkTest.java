package io.thingcore.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the benchmark's set-up and one measured call per path, so that a change to the broker's encoding that breaks
 * the benchmark fails the build rather than the next benchmark run. Measures nothing.
 */
class PublishEncodingBenchmarkTest {
    @ParameterizedTest
    @ValueSource(strings = {"nettyEncoder", "sharedHead"})
    void bothPathsWriteTheSameBytes(String path) {
        PublishEncodingBenchmark benchmark = new PublishEncodingBenchmark();
        benchmark.path = path;
        benchmark.deliveries = 1000;
        benchmark.channel();
        try {
            // 1,000 x (1 type byte, 2 for the remaining length 155 = 2 + 23 topic + 2 packet identifier + 128 payload).
            assertThat(benchmark.deliver()).isEqualTo(1000L * (1 + 2 + 155));
        } finally {
            benchmark.close();
        }
    }
}
