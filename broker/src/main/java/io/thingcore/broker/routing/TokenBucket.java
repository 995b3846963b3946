package io.thingcore.broker.routing;

/**
 * A rate of so many per second with a burst of one second's worth, on {@code System.nanoTime()} readings the caller
 * passes in (so tests choose the time). Not thread-safe: the owner serializes calls.
 */
public final class TokenBucket {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private final int perSecond;
    private double tokens;
    private long last;
    private boolean started;

    public TokenBucket(int perSecond) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
    }

    /** Takes one token if there is one at {@code nanos}. */
    public boolean tryTake(long nanos) {
        if (started) {
            long elapsed = Math.max(0, nanos - last);
            tokens = Math.min(perSecond, tokens + (double) elapsed * perSecond / SECOND_NANOS);
        }
        started = true;
        last = nanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
