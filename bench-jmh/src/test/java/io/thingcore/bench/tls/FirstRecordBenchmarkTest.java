package io.thingcore.bench.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the benchmark's set-up, one handshake and one measured call per path, so that a change to the broker's TLS
 * context that breaks the benchmark fails the build rather than the next benchmark run. Measures nothing.
 */
class FirstRecordBenchmarkTest {
    @ParameterizedTest
    @ValueSource(strings = {"sslHandlerAlone", "firstRecordWriter"})
    void theConnackLeavesWithTheSessionTickets(String path) throws Exception {
        FirstRecordBenchmark benchmark = new FirstRecordBenchmark();
        benchmark.path = path;
        benchmark.contexts();
        try {
            benchmark.handshake();
            assertThat(benchmark.connack())
                    .as("the CONNACK's record and the two session tickets")
                    .isGreaterThan(1_000);
            benchmark.closeChannels();
        } finally {
            benchmark.releaseContexts();
        }
    }
}
