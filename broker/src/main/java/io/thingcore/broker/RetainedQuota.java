package io.thingcore.broker;

/**
 * The bounds on retained messages: AWS IoT Core's quotas (AWS General Reference, "AWS IoT Core endpoints and quotas",
 * message broker limits: retained messages per account, retained message size, retained-message publishes per second
 * per account and per connection) and this gateway's own bound on the heap they may take, since it keeps them in
 * memory. A RETAIN publish with a payload beyond any of them is refused as AWS throttles it (AWS IoT Developer Guide,
 * "MQTT", retained messages: "returns a throttled response to messages published with RETAIN set and payloads greater
 * than 0 bytes"); an empty one, which deletes, never is.
 *
 * @param maxMessages most retained messages stored ({@code --retained-max-messages}); AWS: 500,000 per account
 * @param maxMessageBytes largest retained payload ({@code --retained-max-message-bytes}); AWS: 128 KB, the message size
 * @param maxTotalBytes most payload bytes all retained messages hold together ({@code --retained-max-total-bytes}):
 *     not an AWS quota but the heap bound; 64 MiB by default
 * @param publishesPerSecond RETAIN publishes stored per second over all connections
 *     ({@code --retained-publishes-per-second}); AWS: 500 per account
 * @param publishesPerSecondPerConnection RETAIN publishes stored per second on one connection
 *     ({@code --retained-publishes-per-second-per-connection}); AWS: 20
 */
public record RetainedQuota(
        int maxMessages,
        int maxMessageBytes,
        long maxTotalBytes,
        int publishesPerSecond,
        int publishesPerSecondPerConnection) {

    public static final RetainedQuota AWS = new RetainedQuota(500_000, 128 * 1024, 64L * 1024 * 1024, 500, 20);

    public RetainedQuota {
        if (maxMessages < 0
                || maxMessageBytes < 0
                || maxTotalBytes < 0
                || publishesPerSecond < 1
                || publishesPerSecondPerConnection < 1) {
            throw new IllegalArgumentException("retained-message quota must not be negative and rates must be"
                    + " positive: " + maxMessages + " messages, " + maxMessageBytes + " bytes each, " + maxTotalBytes
                    + " bytes in all, " + publishesPerSecond + "/s, " + publishesPerSecondPerConnection
                    + "/s per connection");
        }
    }

    /** The most heap retained payloads can take: the lesser of {@link #maxTotalBytes} and count times size. */
    public long heapBoundBytes() {
        return Math.min(maxTotalBytes, (long) maxMessages * maxMessageBytes);
    }
}
