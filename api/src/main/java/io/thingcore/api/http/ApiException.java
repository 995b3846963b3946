package io.thingcore.api.http;

import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request refused with an AWS-shaped error: the wire name SDKs match on ({@code x-amzn-ErrorType}), the HTTP status
 * and the message; {@code resourceId}/{@code resourceArn} are the extra members of ResourceAlreadyExistsException (AWS
 * IoT API Reference). Thrown by parsing, SigV4 verification and routing; the registry's own refusals arrive as
 * {@link RegistryException} and are converted by {@link #from(RegistryException)}.
 */
public final class ApiException extends RuntimeException {
    private final String errorType;
    private final int status;
    private final @Nullable String resourceId;
    private final @Nullable String resourceArn;

    public ApiException(String errorType, int status, String message) {
        this(errorType, status, message, null, null);
    }

    public ApiException(
            String errorType, int status, String message, @Nullable String resourceId, @Nullable String resourceArn) {
        super(message, null, false, false);
        this.errorType = errorType;
        this.status = status;
        this.resourceId = resourceId;
        this.resourceArn = resourceArn;
    }

    public static ApiException of(ErrorType type, String message) {
        return new ApiException(type.wireName(), type.httpStatus(), message);
    }

    public static ApiException from(RegistryException e) {
        return new ApiException(
                e.type().wireName(),
                e.type().httpStatus(),
                Objects.requireNonNullElse(e.getMessage(), e.type().wireName()),
                e.resourceId(),
                e.resourceArn());
    }

    /** 400 InvalidRequestException with {@code cause}'s message, or its type's name when it has none. */
    public static ApiException invalidRequest(Exception cause) {
        return invalidRequest(
                Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName()));
    }

    /** 400 InvalidRequestException: the wire-level validation failures (types, required members, ranges, enums). */
    public static ApiException invalidRequest(String message) {
        return of(ErrorType.INVALID_REQUEST, message);
    }

    public String errorType() {
        return errorType;
    }

    public int status() {
        return status;
    }

    public @Nullable String resourceId() {
        return resourceId;
    }

    public @Nullable String resourceArn() {
        return resourceArn;
    }
}
