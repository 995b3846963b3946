package io.thingcore.api.auth;

import io.thingcore.api.http.ApiException;

/**
 * The generic AWS authentication errors (general AWS behaviour, not documented for AWS IoT specifically): not in the
 * IoT service model, so SDKs surface them as the base {@code IotException} with the HTTP status. Messages follow AWS's
 * wording.
 */
final class AuthErrors {
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you"
            + " provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.";

    private AuthErrors() {}

    static ApiException missingToken() {
        return new ApiException("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }

    static ApiException unrecognizedClient() {
        return new ApiException(
                "UnrecognizedClientException", 403, "The security token included in the request is invalid.");
    }

    static ApiException invalidSignature(String message) {
        return new ApiException("InvalidSignatureException", 403, message);
    }

    static ApiException incomplete(String message) {
        return new ApiException("IncompleteSignatureException", 400, message);
    }
}
