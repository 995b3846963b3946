package io.thingcore.broker.auth;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A broker-wide counter bumped on a registry change that may affect any connection's authorization (a reset, a CA
 * change); every connection's cache compares it to stay current. Changes of one certificate, policy or thing
 * invalidate only the connections they concern ({@link ConnectionAuthorizer#invalidate()}).
 */
public final class AuthorizationGeneration {
    private final AtomicLong value = new AtomicLong();

    public long current() {
        return value.get();
    }

    public void bump() {
        value.incrementAndGet();
    }
}
