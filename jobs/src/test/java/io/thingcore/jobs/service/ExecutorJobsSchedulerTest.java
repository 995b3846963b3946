package io.thingcore.jobs.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecutorJobsScheduler} fires a timer when the service's clock reaches its time: a clock moved forward (by
 * hand here, by an NTP step in production) fires it without waiting for the delay measured when it was scheduled,
 * and a timer the clock has not reached never runs.
 */
class ExecutorJobsSchedulerTest {
    private static final Instant START = Instant.parse("2026-12-02T10:00:00Z");

    /** A clock that stands still until moved. */
    static final class SteppedClock extends Clock {
        private volatile Instant now = START;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aTimerFiresWhenTheClockReachesIt_inTimeOrder_andNeverBefore() throws Exception {
        SteppedClock clock = new SteppedClock();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch firstTwo = new CountDownLatch(2);
        CountDownLatch last = new CountDownLatch(1);
        try (ExecutorJobsScheduler scheduler = new ExecutorJobsScheduler(clock, Duration.ofMillis(10))) {
            scheduler.schedule(START.plus(Duration.ofHours(2)), () -> {
                ran.add("in two hours");
                last.countDown();
            });
            scheduler.schedule(START.plus(Duration.ofMinutes(1)), () -> {
                ran.add("in a minute, second");
                firstTwo.countDown();
            });
            scheduler.schedule(START.plus(Duration.ofSeconds(59)), () -> {
                ran.add("in 59 s");
                firstTwo.countDown();
            });

            clock.advance(Duration.ofMinutes(1));
            assertThat(firstTwo.await(10, TimeUnit.SECONDS))
                    .as("the timers the clock reached")
                    .isTrue();
            assertThat(ran).containsExactly("in 59 s", "in a minute, second");

            // A timer due now, scheduled by a test thread, runs too; the two-hour one is still not due.
            CountDownLatch now = new CountDownLatch(1);
            scheduler.schedule(clock.instant(), now::countDown);
            assertThat(now.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).doesNotContain("in two hours");

            clock.advance(Duration.ofHours(1));
            clock.advance(Duration.ofHours(1));
            assertThat(last.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ran).containsExactly("in 59 s", "in a minute, second", "in two hours");
        }
    }

    @Test
    void aFailingTimerDoesNotStopTheOthers() throws Exception {
        SteppedClock clock = new SteppedClock();
        CountDownLatch after = new CountDownLatch(1);
        try (ExecutorJobsScheduler scheduler = new ExecutorJobsScheduler(clock, Duration.ofMillis(10))) {
            scheduler.schedule(START, () -> {
                throw new IllegalStateException("a failing timer, on purpose");
            });
            scheduler.schedule(START, after::countDown);
            assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
