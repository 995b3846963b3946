package io.thingcore.bench.tls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the benchmark's set-up and one handshake per buffer size, so that a change to the broker's TLS context that
 * breaks the benchmark fails the build rather than the next benchmark run. Measures nothing; what it does check is
 * that a handshake flight larger than the BIO buffer still completes, in several passes.
 */
class HandshakeBenchmarkTest {
    @ParameterizedTest
    @ValueSource(ints = {256, 512})
    void aFullMutualTlsHandshakeCompletesWhateverTheBufferSize(int bioBufferBytes) throws Exception {
        HandshakeBenchmark benchmark = new HandshakeBenchmark();
        benchmark.bioBufferBytes = bioBufferBytes;
        benchmark.contexts();
        try {
            assertThat(benchmark.fullHandshake()).isTrue();
        } finally {
            benchmark.releaseContexts();
        }
    }
}
