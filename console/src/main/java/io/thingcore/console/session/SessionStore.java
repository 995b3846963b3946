package io.thingcore.console.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Sessions in memory (a restart signs everyone out): IDs and CSRF tokens are 256 random bits from
 * {@link SecureRandom}, base64url. The map is keyed by the SHA-256 of the ID, so neither a heap dump nor the timing
 * of the lookup gives a usable ID away. A session ends after {@link #idleTimeout()} without use, after
 * {@link #absoluteTimeout()} in any case, or at sign-out; at most {@link #MAX_SESSIONS} live at once (the oldest
 * is dropped).
 */
public final class SessionStore {
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration ABSOLUTE_TIMEOUT = Duration.ofHours(8);
    public static final int MAX_SESSIONS = 64;

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;

    public SessionStore(Clock clock) {
        this(clock, new SecureRandom(), IDLE_TIMEOUT, ABSOLUTE_TIMEOUT);
    }

    public SessionStore(Clock clock, SecureRandom random, Duration idleTimeout, Duration absoluteTimeout) {
        this.clock = clock;
        this.random = random;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    /** A new session and its ID (the cookie value), which is not kept anywhere else. */
    public record Created(String id, Session session) {}

    public Created create() {
        purgeExpired();
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream()
                    .min(Comparator.comparing(Session::createdAt))
                    .ifPresent(oldest -> sessions.remove(oldest.key()));
        }
        String id = randomToken();
        Session session = new Session(hash(id), randomToken(), clock.instant());
        sessions.put(session.key(), session);
        return new Created(id, session);
    }

    /** The live session with this ID, marked as used now; expired sessions are removed on the way. */
    public Optional<Session> find(@Nullable String id) {
        if (id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        String key = hash(id);
        Session session = sessions.get(key);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(key, session);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    /** Whether the session is still live, without counting this as use (for open event streams). */
    public boolean isLive(Session session) {
        return sessions.get(session.key()) == session && !expired(session, clock.instant());
    }

    public void remove(Session session) {
        sessions.remove(session.key(), session);
    }

    public int size() {
        return sessions.size();
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Duration absoluteTimeout() {
        return absoluteTimeout;
    }

    private boolean expired(Session session, Instant now) {
        return !now.isBefore(session.lastSeen().plus(idleTimeout))
                || !now.isBefore(session.createdAt().plus(absoluteTimeout));
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> expired(session, now));
    }

    private String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Constant-time comparison of two secrets of any length (their hashes are compared). */
    public static boolean sameSecret(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(a), sha256(b));
    }
}
