package io.thingcore.broker.presence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What the broker remembers of a client ID between its connections: the lifecycle events' {@code versionNumber} and
 * when the client last ended an accepted connection (the console's "last seen").
 *
 * <p>{@code versionNumber} follows the AWS IoT Developer Guide, "Lifecycle events": it increases with each connection
 * of a client ID, the connected and disconnected events of one connection share it, and "if a client is not connected
 * for approximately one hour, the version number is reset to 0. For persistent sessions, the version number is reset
 * to 0 after a client has been disconnected longer than the configured time-to-live (TTL) for the persistent
 * session."
 *
 * <p>A client ID is forgotten once it has been away for {@link #RETENTION} (or the longest session expiry, if longer),
 * and, while more than {@code capacity} client IDs are remembered, any client ID that is away may be: client IDs that
 * come and go (MQTT Explorer's random ones, a test fleet's) must not grow a long-running gateway's memory without
 * bound. A client ID with a connection open is never forgotten. The sweep costs no thread: each connection that
 * opens or ends looks at the next {@link #SWEEP_STEP} client IDs, so a pass over {@code n} of them is done within
 * {@code n / SWEEP_STEP} connections, and no more client IDs can arrive in that time than connections open.
 *
 * <p>Called on the event loops (a connection opens and ends on its own) and read from any thread (the console);
 * every change is one atomic {@link ConcurrentHashMap#compute}, and the sweep is skipped, never waited for, when
 * another thread is at it.
 */
public final class ClientPresence {
    /** How long a client that is away keeps its {@code versionNumber} without a persistent session (AWS: ~1 hour). */
    public static final Duration VERSION_RESET = Duration.ofHours(1);

    /** How long the console's "last seen" of a client that is away is kept: a week. */
    public static final Duration RETENTION = Duration.ofDays(7);

    /** How many client IDs are remembered at most before away ones are forgotten early (about 40 MB of entries). */
    public static final int DEFAULT_CAPACITY = 1 << 18;

    /** Client IDs looked at by each connection that opens or ends. */
    static final int SWEEP_STEP = 2;

    private static final long NEVER = Long.MIN_VALUE;

    /**
     * The state of every client ID on its first connection, shared: a connected client ID costs the map's node and
     * nothing more, as each of a fleet's idle connections does (issue 14).
     */
    private static final Remembered FIRST_CONNECTION = new Remembered(0, 1, NEVER, NEVER, VERSION_RESET.toMillis());

    private final ConcurrentHashMap<String, Remembered> byClientId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long retentionMillis;
    private final int capacity;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    /** Where the sweep goes on; only the thread that holds {@link #sweeping} touches it. */
    private @Nullable Iterator<Map.Entry<String, Remembered>> cursor;

    /**
     * One client ID's state. Immutable: each change maps the client ID to a new one, so that the sweep removes a
     * client ID only if nothing changed it since it was looked at ({@link ConcurrentHashMap#remove(Object, Object)}).
     *
     * @param version the {@code versionNumber} of its latest connection
     * @param open how many of its connections are open (two while a new connection takes over from an old one)
     * @param leftAtMillis when its last connection ended, or {@link #NEVER}
     * @param lastSeenMillis when its last accepted connection ended, or {@link #NEVER}
     * @param resetAfterMillis how long after {@code leftAtMillis} the version starts again from 0
     */
    private record Remembered(long version, int open, long leftAtMillis, long lastSeenMillis, long resetAfterMillis) {
        boolean away() {
            return open == 0;
        }

        boolean versionReset(long nowMillis) {
            return away() && leftAtMillis != NEVER && nowMillis - leftAtMillis >= resetAfterMillis;
        }
    }

    /**
     * @param clock the broker's clock
     * @param maxSessionExpiry the longest session expiry the broker grants: a client ID is kept at least that long
     * @param capacity how many client IDs are remembered before away ones are forgotten early
     */
    public ClientPresence(Clock clock, Duration maxSessionExpiry, int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.clock = clock;
        this.retentionMillis = Math.max(RETENTION.toMillis(), maxSessionExpiry.toMillis());
        this.capacity = capacity;
    }

    /**
     * A connection of {@code clientId} was accepted by the CONNECT stage: returns its {@code versionNumber}, one more
     * than the previous connection's, or 0 for a client ID not seen within the reset period.
     */
    public long connected(String clientId) {
        long now = clock.millis();
        Remembered updated = byClientId.compute(clientId, (id, before) -> {
            if (before == null || before.versionReset(now)) {
                return before == null || before.lastSeenMillis() == NEVER
                        ? FIRST_CONNECTION
                        : new Remembered(0, 1, NEVER, before.lastSeenMillis(), VERSION_RESET.toMillis());
            }
            return new Remembered(
                    before.version() + 1,
                    before.open() + 1,
                    before.leftAtMillis(),
                    before.lastSeenMillis(),
                    before.resetAfterMillis());
        });
        sweep(now);
        return updated.version();
    }

    /**
     * A connection of {@code clientId} ended; {@code accepted} when CONNACK had accepted it (then it counts as "last
     * seen"). {@code sessionExpiry} is how long its session outlives it, zero for a clean session: a persistent
     * session's client keeps its {@code versionNumber} that long, any other client {@link #VERSION_RESET}.
     */
    public void disconnected(String clientId, boolean accepted, Duration sessionExpiry) {
        long now = clock.millis();
        long resetAfter = sessionExpiry.isZero() ? VERSION_RESET.toMillis() : sessionExpiry.toMillis();
        byClientId.computeIfPresent(
                clientId,
                (id, before) -> new Remembered(
                        before.version(),
                        Math.max(0, before.open() - 1),
                        now,
                        accepted ? now : before.lastSeenMillis(),
                        resetAfter));
        sweep(now);
    }

    /** When a client with this ID last ended an accepted connection, within the retention and since the start. */
    public Optional<Instant> lastSeen(String clientId) {
        Remembered remembered = byClientId.get(clientId);
        return remembered == null || remembered.lastSeenMillis() == NEVER
                ? Optional.empty()
                : Optional.of(Instant.ofEpochMilli(remembered.lastSeenMillis()));
    }

    /** How many client IDs are remembered. */
    public int size() {
        return byClientId.size();
    }

    /**
     * Looks at the next {@link #SWEEP_STEP} client IDs and forgets those away for longer than the retention, or, over
     * capacity, away at all. Skipped when another thread is sweeping.
     */
    private void sweep(long nowMillis) {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            boolean over = byClientId.size() > capacity;
            for (int i = 0; i < SWEEP_STEP; i++) {
                Iterator<Map.Entry<String, Remembered>> it = cursor;
                if (it == null || !it.hasNext()) {
                    it = byClientId.entrySet().iterator();
                    cursor = it;
                    if (!it.hasNext()) {
                        return;
                    }
                }
                Map.Entry<String, Remembered> entry = it.next();
                Remembered remembered = entry.getValue();
                if (remembered.away() && (over || nowMillis - remembered.leftAtMillis() >= retentionMillis)) {
                    byClientId.remove(entry.getKey(), remembered);
                }
            }
        } finally {
            sweeping.set(false);
        }
    }
}
