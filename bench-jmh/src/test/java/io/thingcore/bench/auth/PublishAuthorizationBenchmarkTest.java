package io.thingcore.bench.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs each benchmark method, so the build proves both paths decide the same allowed publish. */
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
        }
    }
}
