package io.thingcore.jobs.ota;

import io.thingcore.registry.Account;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One OTA update as stored.
 *
 * @param namespace the account and region it belongs to
 * @param otaUpdateId its ID
 * @param status its {@code OTAUpdateStatus} name, e.g. {@code CREATE_COMPLETE}
 * @param createdAt when it was created (the order of ListOTAUpdates)
 * @param info the {@code OTAUpdateInfo} the API answers, as JSON text
 * @param createdStreamId the stream the update created, or null when its files named an existing stream
 */
public record OtaUpdateRecord(
        Account namespace,
        String otaUpdateId,
        String status,
        Instant createdAt,
        String info,
        @Nullable String createdStreamId) {
    public OtaUpdateRecord {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(otaUpdateId, "otaUpdateId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(info, "info");
    }
}
