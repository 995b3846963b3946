package io.thingcore.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the set-up and the benchmark method, so the build proves it serves whole blocks from the cache. */
class StreamBlockBenchmarkTest {
    @Test
    void servesEveryBlockFromTheCache() {
        StreamBlockBenchmark benchmark = new StreamBlockBenchmark();
        benchmark.setUp();
        int readsAfterSetUp = benchmark.source.reads;
        for (int i = 0; i < StreamBlockBenchmark.BLOCKS; i++) {
            assertThat(benchmark.cborBlockFromCache().length).isBetween(1024 + 10, 1024 + 30);
        }
        assertThat(benchmark.source.reads).isEqualTo(readsAfterSetUp);
    }
}
