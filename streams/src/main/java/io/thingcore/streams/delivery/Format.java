package io.thingcore.streams.delivery;

import org.jspecify.annotations.Nullable;

/**
 * The payload format a device chose with the last topic level ("Reserved topics", MQTT-based file delivery topics:
 * {@code cbor} or {@code json}); requests and replies use the same one.
 */
public enum Format {
    CBOR("cbor"),
    JSON("json");

    final String level;

    Format(String level) {
        this.level = level;
    }

    /** The format named by a topic level, or null. */
    static @Nullable Format of(String level) {
        return switch (level) {
            case "cbor" -> CBOR;
            case "json" -> JSON;
            default -> null;
        };
    }
}
