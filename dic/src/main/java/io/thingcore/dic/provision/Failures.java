package io.thingcore.dic.provision;

import io.thingcore.dic.DicException;
import io.thingcore.dic.endpoint.Target;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns what the SDK throws into one sentence a person can act on. */
final class Failures {
    private Failures() {}

    static String reason(Throwable failure, Target target) {
        if (failure instanceof DicException dic && dic.getMessage() instanceof String message) {
            return message;
        }
        if (failure instanceof AwsServiceException service) {
            return serviceReason(service, target);
        }
        if (failure instanceof SdkClientException client) {
            return clientReason(client, target);
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String serviceReason(AwsServiceException e, Target target) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String detail = e.awsErrorDetails() == null
                ? e.getMessage()
                : e.awsErrorDetails().errorMessage();
        String what = (code == null ? "error" : code) + " (HTTP " + e.statusCode() + ")"
                + (detail == null || detail.isBlank() ? "" : ": " + detail);
        if (e.statusCode() == 403) {
            String hint = switch (target.kind()) {
                case GATEWAY ->
                    "check accessKeyId and secretAccessKey in " + target.source()
                            + " (they change when the gateway's data directory is recreated)";
                case ENDPOINT ->
                    "check the credentials the AWS SDK found (AWS_ACCESS_KEY_ID/"
                            + "AWS_SECRET_ACCESS_KEY, AWS_PROFILE or --profile)";
                case AWS ->
                    "check the AWS credentials (aws configure, AWS_PROFILE or --profile) and that"
                            + " they allow the iot: actions of the guide";
            };
            return target.describe() + " refused the credentials, " + what + "; " + hint;
        }
        return target.describe() + " answered " + what;
    }

    private static String clientReason(SdkClientException e, Target target) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                String hint = target.kind() == Target.Kind.GATEWAY
                        ? "is the gateway running? Start it with `thingcore up` (or pass --connection for another"
                                + " gateway's connection.json)"
                        : "is the endpoint up and the URL right?";
                return "cannot connect to " + endpoint(target) + ": connection refused; " + hint;
            }
            if (cause instanceof UnknownHostException) {
                return "cannot resolve the host of " + endpoint(target) + " (" + cause.getMessage() + ")";
            }
            if (cause instanceof SocketTimeoutException) {
                return "timed out talking to " + endpoint(target);
            }
            if (cause instanceof SSLException) {
                return "TLS with " + endpoint(target) + " failed: " + cause.getMessage();
            }
        }
        String message = e.getMessage();
        if (message != null && message.contains("Unable to load credentials")) {
            return "no AWS credentials found: configure them (aws configure, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,"
                    + " AWS_PROFILE or --profile)";
        }
        if (message != null && message.contains("Unable to load region")) {
            return "no AWS region configured: pass --region (or set AWS_REGION)";
        }
        return "the AWS SDK failed to reach " + endpoint(target) + ": " + message;
    }

    private static String endpoint(Target target) {
        return target.endpointOverride() != null ? target.endpointOverride().toString() : target.describe();
    }
}
