package io.thingcore.streams.model;

import java.util.regex.Pattern;

/**
 * The account and region a stream belongs to: every stored key starts with them, and the ARN names them.
 *
 * @param accountId a 12-digit AWS account ID
 * @param region an AWS region name such as {@code us-east-1}
 */
public record Namespace(String accountId, String region) {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+");

    public Namespace {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw new IllegalArgumentException("account ID must be 12 digits");
        }
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("invalid region name");
        }
    }

    /**
     * {@code arn:aws:iot:<region>:<account>:stream/<streamId>} (AWS IoT developer guide, "What is a stream?": the
     * ARN pattern {@code arn:partition:iot:region:account-ID:stream/stream ID}).
     */
    public String streamArn(String streamId) {
        return "arn:aws:iot:" + region + ":" + accountId + ":stream/" + streamId;
    }
}
