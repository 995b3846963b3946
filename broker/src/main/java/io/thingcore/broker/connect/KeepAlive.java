package io.thingcore.broker.connect;

/** AWS IoT's keep-alive rules (facts 3.2, "Protocol limits"). */
public final class KeepAlive {
    public static final int DEFAULT_SECONDS = 1200;
    public static final int MIN_SECONDS = 30;

    private KeepAlive() {}

    /** The keep-alive the server applies: 0 or more than 1200 means 1200, 1..29 means 30. */
    public static int effectiveSeconds(int requested) {
        if (requested <= 0 || requested > DEFAULT_SECONDS) {
            return DEFAULT_SECONDS;
        }
        return Math.max(requested, MIN_SECONDS);
    }

    /** How long the server waits for a packet before closing: 1.5 times the keep-alive (MQTT 3.1.2-24). */
    public static long timeoutMillis(int effectiveSeconds) {
        return effectiveSeconds * 1500L;
    }
}
