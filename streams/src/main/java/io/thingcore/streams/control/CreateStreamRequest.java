package io.thingcore.streams.control;

import io.thingcore.streams.model.StreamFile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The members of {@code CreateStream} ({@code iot} API model, {@code CreateStreamRequest}) the gateway keeps; tags
 * are not kept.
 *
 * @param streamId required
 * @param description optional (null)
 * @param files required, 1 to 50
 * @param roleArn required, kept and shown as given
 */
public record CreateStreamRequest(
        String streamId, @Nullable String description, List<StreamFile> files, String roleArn) {}
