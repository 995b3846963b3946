package io.thingcore.bench.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method, so the build proves every path decides the same allowed publish. */
class PublishAuthorizationBenchmarkTest {
    @Test
    void bothPathsAllowThePublishUnderBothPolicies() {
        for (String policy : new String[] {"seed", "device"}) {
            PublishAuthorizationBenchmark benchmark = new PublishAuthorizationBenchmark();
            benchmark.policy = policy;
            benchmark.setUp();
            assertThat(benchmark.evaluated()).as(policy).isTrue();
            assertThat(benchmark.decided()).as(policy).isTrue();
            assertThat(benchmark.decided())
                    .as("%s, from the snapshot's decisions", policy)
                    .isTrue();
            PublishAuthorizationBenchmark.Fleet fleet = new PublishAuthorizationBenchmark.Fleet();
            fleet.connect(benchmark);
            for (int i = 0; i <= PublishAuthorizationBenchmark.Fleet.CONNECTIONS; i++) {
                assertThat(benchmark.decidedAcrossConnections(fleet))
                        .as("%s, connection %d of the fleet", policy, i)
                        .isTrue();
            }
        }
    }
}
