package io.thingcore.policy;

import java.util.Objects;

/**
 * One action on one resource, for example {@code iot:Publish} on
 * {@code arn:aws:iot:us-east-1:123456789012:topic/light/state} (the AWS IoT Developer Guide page "AWS IoT Core action
 * resources" lists which resource each action is checked against).
 *
 * @param action the IAM action, matched case-insensitively
 * @param resource the resource ARN, matched case-sensitively
 */
public record AuthorizationRequest(String action, String resource) {
    public AuthorizationRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }
}
