package io.thingcore.streams.model;

import io.thingcore.registry.Account;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A stream ({@code iot} API model, shape {@code StreamInfo}) with its pinned files.
 *
 * @param namespace its account and region
 * @param streamId its ID ({@link StreamRules#checkStreamId})
 * @param version 1 when created, incremented by every update ({@code UpdateStream}: "The stream version will be
 *     incremented by one")
 * @param description its description, or null
 * @param roleArn the IAM role AWS would assume to read the files; kept and shown, not used by the gateway
 * @param files 1 to 50 files, ordered by file ID
 * @param createdAt when it was created
 * @param lastUpdatedAt when it was last created or updated
 */
public record Stream(
        Account namespace,
        String streamId,
        int version,
        @Nullable String description,
        String roleArn,
        List<PinnedFile> files,
        Instant createdAt,
        Instant lastUpdatedAt) {

    public Stream {
        files = List.copyOf(files);
    }

    public String arn() {
        return namespace.arn("stream", streamId);
    }

    /** The file with {@code fileId}, if the stream has one. */
    public Optional<PinnedFile> file(int fileId) {
        for (PinnedFile f : files) {
            if (f.fileId() == fileId) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
