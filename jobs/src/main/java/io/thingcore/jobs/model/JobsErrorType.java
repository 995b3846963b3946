package io.thingcore.jobs.model;

/**
 * The errors of AWS IoT Jobs, with the control-plane exception name and HTTP status (AWS IoT API Reference, the
 * operations' {@code errors}; the {@code iot-jobs-data} model for {@code TerminalStateException}) and the code a
 * device receives on {@code .../rejected} (developer guide, "Jobs device MQTT API operations", {@code ErrorCode}:
 * InvalidTopic, InvalidJson, InvalidRequest, InvalidStateTransition, ResourceNotFound, VersionMismatch,
 * InternalError, RequestThrottled, TerminalStateReached).
 */
public enum JobsErrorType {
    INVALID_REQUEST("InvalidRequestException", 400, "InvalidRequest"),
    /** MQTT only: the payload is not a JSON object. */
    INVALID_JSON("InvalidRequestException", 400, "InvalidJson"),
    /** MQTT only: a topic under {@code jobs/} that names no operation. */
    INVALID_TOPIC("InvalidRequestException", 400, "InvalidTopic"),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404, "ResourceNotFound"),
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409, "InvalidRequest"),
    /** {@code CreateJobTemplate} with a template ID in use (its model names ConflictException, not AlreadyExists). */
    CONFLICT("ConflictException", 409, "InvalidRequest"),
    INVALID_STATE_TRANSITION("InvalidStateTransitionException", 409, "InvalidStateTransition"),
    /** {@code expectedVersion} differs: VersionConflictException on the control plane, VersionMismatch on MQTT. */
    VERSION_MISMATCH("VersionConflictException", 409, "VersionMismatch"),
    TERMINAL_STATE("TerminalStateException", 410, "TerminalStateReached"),
    INTERNAL_FAILURE("InternalFailureException", 500, "InternalError");

    private final String exceptionName;
    private final int httpStatus;
    private final String mqttCode;

    JobsErrorType(String exceptionName, int httpStatus, String mqttCode) {
        this.exceptionName = exceptionName;
        this.httpStatus = httpStatus;
        this.mqttCode = mqttCode;
    }

    /** The name SDKs match against modelled exceptions ({@code x-amzn-ErrorType}). */
    public String exceptionName() {
        return exceptionName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code code} of the device-side {@code ErrorResponse}. */
    public String mqttCode() {
        return mqttCode;
    }
}
