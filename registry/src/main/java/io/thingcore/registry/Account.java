package io.thingcore.registry;

import java.util.regex.Pattern;

/**
 * A namespace: an AWS account in a region. Every registry and session key starts with it (account and region
 * columns lead every primary key), the API takes it from each request's SigV4 credential scope and access key, and
 * it mints the ARNs AWS would (Service Authorization Reference, "Actions, resources, and condition keys for AWS IoT":
 * {@code arn:aws:iot:<region>:<account>:<type>/<id>}). A gateway starts with one default namespace (its account and
 * {@code --region}), the one its broker serves.
 */
public record Account(String accountId, String region) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    public Account {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account ID must be 12 digits, got: " + accountId);
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must look like us-east-1, got: " + region);
        }
    }

    /** The ARN prefix up to and including the account, e.g. {@code arn:aws:iot:us-east-1:123456789012:}. */
    public String arnPrefix() {
        return "arn:aws:iot:" + region + ":" + accountId + ":";
    }

    public String arn(String resourceType, String resourceId) {
        return arnPrefix() + resourceType + "/" + resourceId;
    }

    public String certificateArn(String certificateId) {
        return arn("cert", certificateId);
    }

    public String caCertificateArn(String caCertificateId) {
        return arn("cacert", caCertificateId);
    }

    public String thingArn(String thingName) {
        return arn("thing", thingName);
    }

    public String thingTypeArn(String thingTypeName) {
        return arn("thingtype", thingTypeName);
    }

    public String policyArn(String policyName) {
        return arn("policy", policyName);
    }
}
