package io.thingcore.streams.model;

/**
 * A stream operation refused as AWS would refuse it. Raising one guarantees that nothing was changed.
 * {@code resourceId} and {@code resourceArn} are set only for {@link StreamsErrorType#RESOURCE_ALREADY_EXISTS},
 * whose error shape carries them.
 */
public final class StreamsException extends RuntimeException {
    private final StreamsErrorType type;
    private final String resourceId;
    private final String resourceArn;

    public StreamsException(StreamsErrorType type, String message) {
        this(type, message, null, null);
    }

    public StreamsException(StreamsErrorType type, String message, String resourceId, String resourceArn) {
        super(message, null, false, false);
        this.type = type;
        this.resourceId = resourceId;
        this.resourceArn = resourceArn;
    }

    public StreamsErrorType type() {
        return type;
    }

    public String resourceId() {
        return resourceId;
    }

    public String resourceArn() {
        return resourceArn;
    }

    public static StreamsException invalid(String message) {
        return new StreamsException(StreamsErrorType.INVALID_REQUEST, message);
    }

    public static StreamsException notFound(String message) {
        return new StreamsException(StreamsErrorType.RESOURCE_NOT_FOUND, message);
    }
}
