package io.thingcore.broker;

/**
 * The protocol limits, AWS IoT's by default (AWS General Reference, "AWS IoT Core endpoints and quotas"; AWS IoT
 * Developer Guide, "MQTT"). Breaking one gets AWS's outcome, never an unbounded buffer.
 *
 * @param maxPacketBytes largest MQTT packet accepted (remaining length), 128 KB
 * @param maxTopicBytes largest topic or topic filter in UTF-8 bytes, 256
 * @param maxTopicSlashes most forward slashes in a topic or filter, 7
 * @param maxFiltersPerSubscribe most topic filters in one SUBSCRIBE, 8
 * @param maxSubscriptionsPerConnection most subscriptions one session holds, 50
 * @param maxInFlight most unacknowledged outbound QoS 1 messages per client, 100
 * @param maxClientIdBytes longest client ID in UTF-8 bytes, 128
 * @param maxQueuedMessages most QoS 1 messages queued per session beyond the in-flight window (offline or window
 *     full); further messages are dropped, counted and reported in a paced summary ({@link io.thingcore.broker.session.DroppedMessages})
 */
public record Limits(
        int maxPacketBytes,
        int maxTopicBytes,
        int maxTopicSlashes,
        int maxFiltersPerSubscribe,
        int maxSubscriptionsPerConnection,
        int maxInFlight,
        int maxClientIdBytes,
        int maxQueuedMessages) {

    public static final Limits AWS = new Limits(128 * 1024, 256, 7, 8, 50, 100, 128, 1000);

    public Limits {
        if (maxPacketBytes < 1024
                || maxTopicBytes < 1
                || maxTopicSlashes < 0
                || maxFiltersPerSubscribe < 1
                || maxSubscriptionsPerConnection < 1
                || maxInFlight < 1
                || maxInFlight > 65535
                || maxClientIdBytes < 1
                || maxQueuedMessages < 0) {
            throw new IllegalArgumentException("invalid limits: "
                    + java.util.Arrays.toString(new int[] {
                        maxPacketBytes,
                        maxTopicBytes,
                        maxTopicSlashes,
                        maxFiltersPerSubscribe,
                        maxSubscriptionsPerConnection,
                        maxInFlight,
                        maxClientIdBytes,
                        maxQueuedMessages
                    }));
        }
    }
}
