package io.thingcore.bench.presence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method once, so the build proves the benchmark measures what it says. */
class ClientPresenceBenchmarkTest {
    @Test
    void fleetDevicesReconnectAndNewClientIdsStartFromZero() {
        ClientPresenceBenchmark benchmark = new ClientPresenceBenchmark();
        // Each of the fleet's devices had one connection before: the next is its second.
        assertThat(benchmark.reconnectInFleet()).isEqualTo(1);
        assertThat(benchmark.twoMapsAsBefore()).isEqualTo(1);
        assertThat(benchmark.newClientIdEachTime()).isZero();
    }
}
