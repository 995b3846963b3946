package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff =
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new SplittableRandom(42));

    @Test
    void doublesFromTheInitialDelayWithEqualJitter() {
        for (int attempt = 0; attempt < 6; attempt++) {
            long ceiling = 1000L << attempt;
            for (int i = 0; i < 100; i++) {
                assertThat(backoff.delay(attempt).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void isCappedEvenAfterManyAttempts() {
        for (int attempt : new int[] {6, 7, 31, 64, 1_000_000, Integer.MAX_VALUE}) {
            assertThat(backoff.delay(attempt).toMillis()).isBetween(30_000L, 60_000L);
        }
    }

    @Test
    void jittersSoThatDevicesDoNotReturnTogether() {
        assertThat(java.util.stream.IntStream.range(0, 50)
                        .mapToLong(i -> backoff.delay(5).toMillis())
                        .distinct()
                        .count())
                .isGreaterThan(10);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
