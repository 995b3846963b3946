package io.thingcore.bench.floods;

import java.util.Locale;

/** The abuses {@link Floods} runs; each is one {@link FloodLoad}. */
public enum Flood {
    /** TCP connections that send the first bytes of a TLS record and then nothing. */
    UNFINISHED_TLS("unfinished TLS handshakes"),
    /** Mutual-TLS sessions with a registered certificate that never send CONNECT. */
    NO_CONNECT("TLS sessions without CONNECT"),
    /** Subscribers that stop reading while a publisher floods their topic at QoS 1. */
    SLOW_READERS("slow readers on a busy topic"),
    /** Retained 100 KB messages to distinct topics, as fast as the gateway acknowledges them. */
    RETAINED("retained 100 KB messages to distinct topics"),
    /** Connections whose certificate comes from an unregistered CA: each is refused and logged. */
    REFUSED_CONNECTS("connections refused at the TLS layer (log flood)");

    private final String description;

    Flood(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The name on the command line and in the report, e.g. {@code slow_readers}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Flood byId(String id) {
        for (Flood flood : values()) {
            if (flood.id().equals(id)) {
                return flood;
            }
        }
        throw new IllegalArgumentException("unknown flood " + id);
    }
}
