package io.thingcore.broker.auth;

import java.util.concurrent.atomic.AtomicLong;

/** A counter bumped on every registry change that may affect authorization; caches compare it to stay current. */
public final class AuthorizationGeneration {
    private final AtomicLong value = new AtomicLong();

    public long current() {
        return value.get();
    }

    public void bump() {
        value.incrementAndGet();
    }
}
