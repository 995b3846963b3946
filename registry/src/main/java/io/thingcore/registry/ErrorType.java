package io.thingcore.registry;

/**
 * The AWS IoT error types the registry can raise, with the wire name SDKs match on and the HTTP status AWS uses (the
 * error shapes of the AWS IoT API Reference; note the unusual 406 and 410 of the control plane).
 */
public enum ErrorType {
    INVALID_REQUEST("InvalidRequestException", 400),
    THROTTLING("ThrottlingException", 400),
    UNAUTHORIZED("UnauthorizedException", 401),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 404),
    CERTIFICATE_STATE("CertificateStateException", 406),
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409),
    DELETE_CONFLICT("DeleteConflictException", 409),
    VERSIONS_LIMIT_EXCEEDED("VersionsLimitExceededException", 409),
    VERSION_CONFLICT("VersionConflictException", 409),
    CERTIFICATE_CONFLICT("CertificateConflictException", 409),
    LIMIT_EXCEEDED("LimitExceededException", 410),
    MALFORMED_POLICY("MalformedPolicyException", 400),
    CERTIFICATE_VALIDATION("CertificateValidationException", 400),
    REGISTRATION_CODE_VALIDATION("RegistrationCodeValidationException", 400),
    INTERNAL_FAILURE("InternalFailureException", 500),
    SERVICE_UNAVAILABLE("ServiceUnavailableException", 503);

    private final String wireName;
    private final int httpStatus;

    ErrorType(String wireName, int httpStatus) {
        this.wireName = wireName;
        this.httpStatus = httpStatus;
    }

    /** The name SDKs match against modeled exceptions, sent as {@code x-amzn-ErrorType}. */
    public String wireName() {
        return wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
