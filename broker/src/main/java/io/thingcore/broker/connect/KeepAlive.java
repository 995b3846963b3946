package io.thingcore.broker.connect;

import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.Semantics;

/**
 * The keep-alive the server applies. AWS IoT (AWS General Reference, "AWS IoT Core endpoints and quotas", message
 * broker limits) takes a requested keep-alive of 1..29 s as 30 s and more than 1200 s as 1200 s, and applies 1200 s
 * to a request of 0; thingcore does the same, with the range of its {@link Semantics} ({@link Semantics#AWS}: 30..1200
 * s), except that what it applies to 0 is configurable ({@link BrokerConfig#keepAliveZeroSeconds()}): MQTT 3.1.1
 * section 3.1.2.10 says "a Keep Alive value of zero has the effect of turning off the keep alive mechanism".
 */
public final class KeepAlive {
    public static final int DEFAULT_SECONDS = BrokerConfig.AWS_KEEP_ALIVE_ZERO_SECONDS;
    /** An applied keep-alive of 0: keep-alive is off, the server never closes the connection for silence. */
    public static final int OFF = BrokerConfig.KEEP_ALIVE_OFF;

    private KeepAlive() {}

    /** The keep-alive AWS IoT applies: 0 or more than 1200 means 1200, 1..29 means 30. */
    public static int effectiveSeconds(int requested) {
        return effectiveSeconds(requested, DEFAULT_SECONDS);
    }

    /**
     * The keep-alive the server applies to {@code requested}: {@code forZero} when the client asks for 0 ({@link #OFF}
     * turns keep-alive off), otherwise AWS IoT's clamping to 30..1200 s.
     */
    public static int effectiveSeconds(int requested, int forZero) {
        return effectiveSeconds(requested, forZero, Semantics.AWS);
    }

    /**
     * The keep-alive the server applies to {@code requested}: {@code forZero} when the client asks for 0 ({@link #OFF}
     * turns keep-alive off), otherwise the request clamped to the range of {@code semantics}.
     */
    public static int effectiveSeconds(int requested, int forZero, Semantics semantics) {
        return requested <= 0 ? forZero : semantics.clampKeepAlive(requested);
    }

    /** How long the server waits for a packet before closing: 1.5 times the keep-alive (MQTT 3.1.2-24). */
    public static long timeoutMillis(int effectiveSeconds) {
        return effectiveSeconds * 1500L;
    }

    /** The applied keep-alive for people: {@code "1200 s"}, or {@code "none"} when it is off. */
    public static String describe(int effectiveSeconds) {
        return effectiveSeconds == OFF ? "none" : effectiveSeconds + " s";
    }
}
