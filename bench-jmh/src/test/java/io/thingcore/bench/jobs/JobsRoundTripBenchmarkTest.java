package io.thingcore.bench.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobStatus;
import org.junit.jupiter.api.Test;

/** Runs the set-up and each benchmark method once, so the build proves the benchmark measures what it says. */
class JobsRoundTripBenchmarkTest {
    @Test
    void roundTripsAreAcceptedAndMoveTheExecutions() throws Exception {
        JobsRoundTripBenchmark bench = new JobsRoundTripBenchmark();
        bench.setUp();
        try {
            JobsRoundTripBenchmark.Device device = new JobsRoundTripBenchmark.Device();
            device.pick(bench);
            long before = bench.replies.sum();
            bench.progressRoundTrip(device);
            assertThat(bench.replies.sum() - before).isEqualTo(2); // two accepted, no notification
            assertThat(bench.jobs
                            .describeExecution("progress", device.thing, null)
                            .versionNumber())
                    .isEqualTo(3);
            bench.lifecycleRoundTrip(device);
            assertThat(bench.jobs
                            .describeExecution("life-1", device.lifecycleThing, null)
                            .status())
                    .isEqualTo(JobExecutionStatus.SUCCEEDED);
            assertThat(bench.jobs.describeJob("life-1").status()).isEqualTo(JobStatus.COMPLETED);
        } finally {
            bench.tearDown();
        }
    }
}
