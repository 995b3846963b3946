package io.thingcore.streams.model;

import org.jspecify.annotations.Nullable;

/**
 * A stream operation refused as AWS would refuse it. Raising one guarantees that nothing was changed.
 * {@code resourceId} and {@code resourceArn} are set only for {@link StreamsErrorType#RESOURCE_ALREADY_EXISTS},
 * whose error shape carries them.
 */
public final class StreamsException extends RuntimeException {
    private final StreamsErrorType type;
    private final @Nullable String resourceId;
    private final @Nullable String resourceArn;

    public StreamsException(StreamsErrorType type, String message) {
        this(type, message, null, null);
    }

    public StreamsException(
            StreamsErrorType type, String message, @Nullable String resourceId, @Nullable String resourceArn) {
        super(message, null, false, false);
        this.type = type;
        this.resourceId = resourceId;
        this.resourceArn = resourceArn;
    }

    public StreamsErrorType type() {
        return type;
    }

    public @Nullable String resourceId() {
        return resourceId;
    }

    public @Nullable String resourceArn() {
        return resourceArn;
    }

    public static StreamsException invalid(String message) {
        return new StreamsException(StreamsErrorType.INVALID_REQUEST, message);
    }

    public static StreamsException notFound(String message) {
        return new StreamsException(StreamsErrorType.RESOURCE_NOT_FOUND, message);
    }
}
