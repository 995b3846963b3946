package io.thingcore.registry;

import org.jspecify.annotations.Nullable;

/**
 * A request the registry refuses, typed as AWS would refuse it. Raising one guarantees that nothing was changed.
 * {@code resourceId} and {@code resourceArn} are only set for {@link ErrorType#RESOURCE_ALREADY_EXISTS}, where AWS's
 * error shape carries them.
 */
public final class RegistryException extends RuntimeException {
    private final ErrorType type;
    private final @Nullable String resourceId;
    private final @Nullable String resourceArn;

    public RegistryException(ErrorType type, String message) {
        this(type, message, null, null);
    }

    public RegistryException(
            ErrorType type, String message, @Nullable String resourceId, @Nullable String resourceArn) {
        super(message, null, false, false);
        this.type = type;
        this.resourceId = resourceId;
        this.resourceArn = resourceArn;
    }

    public ErrorType type() {
        return type;
    }

    public @Nullable String resourceId() {
        return resourceId;
    }

    public @Nullable String resourceArn() {
        return resourceArn;
    }

    public static RegistryException notFound(String message) {
        return new RegistryException(ErrorType.RESOURCE_NOT_FOUND, message);
    }

    public static RegistryException invalid(String message) {
        return new RegistryException(ErrorType.INVALID_REQUEST, message);
    }
}
