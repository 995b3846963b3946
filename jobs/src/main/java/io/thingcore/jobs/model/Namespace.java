package io.thingcore.jobs.model;

import java.util.regex.Pattern;

/**
 * The AWS account and region that own a job, a job execution or a template: they lead every key of the store, and
 * mint the ARNs AWS would ({@code arn:aws:iot:<region>:<account>:job/<jobId>}, AWS IoT API Reference, {@code Job}
 * shape, {@code jobArn}).
 */
public record Namespace(String accountId, String region) {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

    public Namespace {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account ID must be 12 digits, got: " + accountId);
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("region must look like us-east-1, got: " + region);
        }
    }

    /** {@code arn:aws:iot:<region>:<account>:} */
    public String arnPrefix() {
        return "arn:aws:iot:" + region + ":" + accountId + ":";
    }

    public String jobArn(String jobId) {
        return arnPrefix() + "job/" + jobId;
    }

    public String thingArn(String thingName) {
        return arnPrefix() + "thing/" + thingName;
    }

    public String jobTemplateArn(String jobTemplateId) {
        return arnPrefix() + "jobtemplate/" + jobTemplateId;
    }
}
