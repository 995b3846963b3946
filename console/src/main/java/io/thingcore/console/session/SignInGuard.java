package io.thingcore.console.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Checks a sign-in against the gateway's one access key. Both parts are always compared, in constant time, and the
 * outcome does not say which part was wrong. Failed attempts draw from a bucket of {@link #BURST} that refills one
 * every {@link #REFILL}; while it is empty every attempt, right or wrong, is throttled (otherwise the throttled
 * answers would tell a guesser which attempt was right). Thread-safe.
 */
public final class SignInGuard {
    public static final int BURST = 5;
    public static final Duration REFILL = Duration.ofSeconds(12);

    /** The outcome of one attempt. */
    public enum Outcome {
        SIGNED_IN,
        REFUSED,
        THROTTLED
    }

    private final String accessKeyId;
    private final String secretAccessKey;
    private final Clock clock;
    private double tokens = BURST;
    private Instant refilledAt;

    public SignInGuard(String accessKeyId, String secretAccessKey, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.clock = clock;
        this.refilledAt = clock.instant();
    }

    public synchronized Outcome attempt(String keyId, String secret) {
        refill();
        if (tokens < 1) {
            return Outcome.THROTTLED;
        }
        // & rather than &&: both comparisons always run
        boolean ok = SessionStore.sameSecret(keyId, accessKeyId) & SessionStore.sameSecret(secret, secretAccessKey);
        if (ok) {
            return Outcome.SIGNED_IN;
        }
        tokens -= 1;
        return Outcome.REFUSED;
    }

    private void refill() {
        Instant now = clock.instant();
        long elapsed = Duration.between(refilledAt, now).toMillis();
        if (elapsed > 0) {
            tokens = Math.min(BURST, tokens + (double) elapsed / REFILL.toMillis());
            refilledAt = now;
        }
    }
}
