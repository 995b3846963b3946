package io.thingcore.policy;

import java.util.Objects;

/**
 * A named policy attached to a principal: the default version's compiled document plus the name and ARN that a
 * {@link Decision} reports. The evaluator never interprets {@code name} or {@code arn}.
 *
 * @param name the policy name, as AWS reports it in {@code policyName}
 * @param arn the policy ARN, as AWS reports it in {@code policyArn}; may be null where there is none
 * @param document the compiled document
 */
public record PolicyRef(String name, String arn, PolicyDocument document) {
    public PolicyRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(document, "document");
    }
}
