package io.thingcore.console.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks a sign-in against the gateway's one access key. Both parts are always compared, in constant time, and the
 * outcome does not say which part was wrong.
 *
 * <p>Failures are counted per source address (an IPv6 source by its /64 prefix, the block one host usually has) and
 * per access key ID tried, each in a bucket of {@link #BURST} that refills one every {@link #REFILL}. A source that has
 * failed lately (its bucket is not full) is throttled, right pair or wrong, while its own bucket is empty or while the
 * bucket of the key ID it tries is empty: a guesser rotating addresses against one key ID is slowed once each address
 * has failed, and the throttled answer never tells a guesser which attempt was right. A source that has not failed
 * lately is never throttled, so guesses from elsewhere cannot lock the administrator out; one who mistyped waits at
 * most {@link #REFILL} per failure ({@link #BURST} times it, one minute, in all). A right sign-in clears its source.
 *
 * <p>Both tables are bounded ({@link #MAX_TRACKED} entries each, the least recently failed evicted first): an
 * attacker with many addresses gets at most one fresh bucket per address, which it has anyway, and never unbounded
 * memory. Thread-safe.
 */
public final class SignInGuard {
    public static final int BURST = 5;
    public static final Duration REFILL = Duration.ofSeconds(12);
    /** Per table: about 1 MB at most, and far more sources than one gateway's administrators. */
    public static final int MAX_TRACKED = 10_000;

    /** The outcome of one attempt. */
    public enum Outcome {
        SIGNED_IN,
        REFUSED,
        THROTTLED
    }

    private final String accessKeyId;
    private final String secretAccessKey;
    private final Clock clock;
    private final Buckets sources = new Buckets();
    private final Buckets keyIds = new Buckets();

    public SignInGuard(String accessKeyId, String secretAccessKey, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secretAccessKey = secretAccessKey;
        this.clock = clock;
    }

    /**
     * @param source where the attempt comes from (null when unknown: all such attempts share one bucket)
     */
    public synchronized Outcome attempt(@Nullable InetAddress source, String keyId, String secret) {
        Instant now = clock.instant();
        String sourceKey = sourceKey(source);
        // hashed: a secret pasted into the key ID field is not kept in memory
        String keyIdKey = SessionStore.hash(keyId == null ? "" : keyId);
        Bucket fromSource = sources.failedLately(sourceKey, now);
        if (fromSource != null) {
            Bucket forKeyId = keyIds.failedLately(keyIdKey, now);
            if (fromSource.empty() || (forKeyId != null && forKeyId.empty())) {
                return Outcome.THROTTLED;
            }
        }
        // & rather than &&: both comparisons always run
        boolean ok = SessionStore.sameSecret(keyId, accessKeyId) & SessionStore.sameSecret(secret, secretAccessKey);
        if (ok) {
            sources.forget(sourceKey);
            return Outcome.SIGNED_IN;
        }
        sources.take(sourceKey, now);
        keyIds.take(keyIdKey, now);
        return Outcome.REFUSED;
    }

    /** How many sources have failed lately and are remembered (at most {@link #MAX_TRACKED}). */
    synchronized int trackedSources() {
        return sources.size();
    }

    synchronized int trackedKeyIds() {
        return keyIds.size();
    }

    /** An IPv4 address as is; an IPv6 address by its /64 prefix, which one host or one customer usually holds whole. */
    static String sourceKey(@Nullable InetAddress source) {
        if (source == null) {
            return "unknown";
        }
        byte[] address = source.getAddress();
        if (source instanceof Inet6Address) {
            return HexFormat.of().formatHex(address, 0, 8) + "::/64";
        }
        return source.getHostAddress();
    }

    /** A token bucket of failures. */
    private static final class Bucket {
        private double tokens = BURST;
        private Instant refilledAt;

        Bucket(Instant now) {
            this.refilledAt = now;
        }

        void refill(Instant now) {
            long elapsed = Duration.between(refilledAt, now).toMillis();
            if (elapsed > 0) {
                tokens = Math.min(BURST, tokens + (double) elapsed / REFILL.toMillis());
                refilledAt = now;
            }
        }

        boolean full() {
            return tokens >= BURST;
        }

        boolean empty() {
            return tokens < 1;
        }
    }

    /** Buckets by key, least recently failed first; a full bucket is the same as none and is dropped. */
    private static final class Buckets {
        private final Map<String, Bucket> byKey = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > MAX_TRACKED;
            }
        };

        /** The key's bucket if it has failed lately (the bucket is not full again), else null. */
        @Nullable
        Bucket failedLately(String key, Instant now) {
            Bucket bucket = byKey.get(key);
            if (bucket == null) {
                return null;
            }
            bucket.refill(now);
            if (bucket.full()) {
                byKey.remove(key);
                return null;
            }
            return bucket;
        }

        /** Counts one failure; the key becomes the most recently failed. */
        void take(String key, Instant now) {
            Bucket bucket = byKey.remove(key);
            if (bucket == null) {
                bucket = new Bucket(now);
            }
            bucket.refill(now);
            bucket.tokens = Math.max(0, bucket.tokens - 1);
            byKey.put(key, bucket);
        }

        void forget(String key) {
            byKey.remove(key);
        }

        int size() {
            return byKey.size();
        }
    }
}
