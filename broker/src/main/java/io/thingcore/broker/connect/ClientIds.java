package io.thingcore.broker.connect;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Client ID rules: at most 128 UTF-8 bytes (AWS General Reference, "AWS IoT Core endpoints and quotas"); what AWS does
 * with an empty MQTT 3.1.1 client ID is not documented.
 */
public final class ClientIds {
    private ClientIds() {}

    /**
     * Null when acceptable, otherwise why not: empty IDs are refused (AWS does not accept anonymous sessions
     * here), longer than {@code maxBytes} UTF-8 bytes is refused. Wildcard characters are allowed: they are data and
     * the policy engine never lets them widen a grant.
     */
    public static @Nullable String problem(@Nullable String clientId, int maxBytes) {
        if (clientId == null || clientId.isEmpty()) {
            return "empty client ID";
        }
        if (clientId.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            return "client ID longer than " + maxBytes + " bytes";
        }
        return null;
    }
}
