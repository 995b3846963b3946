package io.thingcore.streams.model;

/**
 * The error shapes of the stream operations in the {@code iot} API model, with their HTTP status codes
 * ({@code CreateStream}, {@code DescribeStream}, {@code ListStreams}, {@code UpdateStream}, {@code DeleteStream}).
 */
public enum StreamsErrorType {
    INVALID_REQUEST("InvalidRequestException", 400),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409),
    LIMIT_EXCEEDED("LimitExceededException", 410),
    DELETE_CONFLICT("DeleteConflictException", 409),
    INTERNAL_FAILURE("InternalFailureException", 500);

    private final String awsName;
    private final int httpStatus;

    StreamsErrorType(String awsName, int httpStatus) {
        this.awsName = awsName;
        this.httpStatus = httpStatus;
    }

    /** The shape name AWS sends as the error code ({@code x-amzn-ErrorType}). */
    public String awsName() {
        return awsName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
