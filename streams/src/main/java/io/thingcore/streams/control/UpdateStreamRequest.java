package io.thingcore.streams.control;

import io.thingcore.streams.model.StreamFile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The members of {@code UpdateStream} ({@code iot} API model, {@code UpdateStreamRequest}); a null member keeps the
 * stream's current value.
 */
public record UpdateStreamRequest(
        String streamId,
        @Nullable String description,
        @Nullable List<StreamFile> files,
        @Nullable String roleArn) {}
