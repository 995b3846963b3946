package io.thingcore.api.auth;

import io.thingcore.api.http.ApiException;
import io.thingcore.logtext.LogText;

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

    /**
     * AWS's type and first sentence for an access key it does not know, then which key this gateway accepts and where
     * to find it: the usual cause is a client signing with the credentials of a real AWS profile. Never the
     * gateway's key itself, not even its ID: the caller has not proved anything yet.
     */
    static ApiException unrecognizedClient(String accessKeyId) {
        return new ApiException(
                "UnrecognizedClientException",
                403,
                "The security token included in the request is invalid. The access key '" + LogText.of(accessKeyId)
                        + "' is not this gateway's: it accepts one access key, the one in connection.json in its data"
                        + " directory (~/.thingcore unless the gateway was started with --data-dir; 'thingcore up'"
                        + " prints it as AWS CLI lines), or the one it was given with --credentials-file or"
                        + " THINGCORE_ACCESS_KEY_ID.");
    }

    /** AWS's type and first sentence for a credential scope naming another region, then both fixes. */
    static ApiException wrongRegion(String signedFor, String served) {
        String signed = LogText.of(signedFor);
        return invalidSignature("Credential should be scoped to a valid region, not '" + signed + "'. This gateway"
                + " serves region '" + served + "': sign for it (AWS_REGION=" + served + " for any SDK, --region "
                + served + " on the AWS CLI, or region = " + served + " in the profile), or start the gateway with"
                + " --region " + signed + " to serve that region instead.");
    }

    static ApiException invalidSignature(String message) {
        return new ApiException("InvalidSignatureException", 403, message);
    }

    static ApiException incomplete(String message) {
        return new ApiException("IncompleteSignatureException", 400, message);
    }
}
