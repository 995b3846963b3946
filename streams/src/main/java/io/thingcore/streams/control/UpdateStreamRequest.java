package io.thingcore.streams.control;

import io.thingcore.streams.model.StreamFile;
import java.util.List;

/**
 * The members of {@code UpdateStream} ({@code iot} API model, {@code UpdateStreamRequest}); a null member keeps the
 * stream's current value.
 */
public record UpdateStreamRequest(String streamId, String description, List<StreamFile> files, String roleArn) {}
