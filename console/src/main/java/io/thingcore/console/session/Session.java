package io.thingcore.console.session;

import java.time.Instant;

/**
 * One signed-in browser. The session ID itself is not kept (only its hash, in {@link SessionStore}); the CSRF token
 * is sent to the page once per load and must come back in a header on every state-changing request.
 */
public final class Session {
    private final String key;
    private final String csrfToken;
    private final Instant createdAt;
    private volatile Instant lastSeen;

    Session(String key, String csrfToken, Instant createdAt) {
        this.key = key;
        this.csrfToken = csrfToken;
        this.createdAt = createdAt;
        this.lastSeen = createdAt;
    }

    String key() {
        return key;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }
}
