package io.thingcore.dic.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Reconnection delays: exponential from {@code initial}, capped at {@code max}, with "equal jitter" (a delay d
 * becomes a uniform pick in [d/2, d]) so that devices dropped together by a gateway restart do not all come back in
 * the same instant.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.random = Objects.requireNonNull(random, "random");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** 1 s doubling up to 60 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), RandomGenerator.getDefault());
    }

    /** The delay before reconnection attempt {@code attempt} (0 for the first after a drop). */
    public Duration delay(int attempt) {
        long initialMillis = initial.toMillis();
        long maxMillis = max.toMillis();
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ceiling = initialMillis > (maxMillis >> shift) ? maxMillis : Math.min(maxMillis, initialMillis << shift);
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }
}
