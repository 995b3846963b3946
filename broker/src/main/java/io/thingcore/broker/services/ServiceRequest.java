package io.thingcore.broker.services;

import org.jspecify.annotations.Nullable;

/**
 * One request to a {@link ReservedTopicService}, as the broker authorized it. Immutable; the arrays are the service's
 * own copies.
 *
 * @param thingName the thing the topic names ({@code $aws/things/<thingName>/...}): always a valid AWS IoT thing name
 *     (no {@code +}, {@code #}, {@code /} or {@code $}); a policy may let a client address another thing's topics,
 *     so this need not be the requester's thing
 * @param family the service's family ({@code jobs}, {@code streams}, {@code shadow}, ...)
 * @param suffix the topic after {@code <family>/}, such as {@code start-next} or {@code <jobId>/update}
 * @param topic the whole request topic
 * @param payload the PUBLISH payload
 * @param qos 0 or 1
 * @param requester who asked
 * @param responseTopic the MQTT 5 Response Topic of the PUBLISH (MQTT 5.0 section 3.3.2.3.5), or null
 * @param correlationData the MQTT 5 Correlation Data of the PUBLISH (MQTT 5.0 section 3.3.2.3.6), or null; every
 *     reply carries it back
 */
public record ServiceRequest(
        String thingName,
        String family,
        String suffix,
        String topic,
        byte[] payload,
        int qos,
        Requester requester,
        @Nullable String responseTopic,
        byte @Nullable [] correlationData) {

    /** The MQTT version of the requesting connection. */
    public enum Protocol {
        MQTT_3_1_1,
        MQTT_5
    }

    /**
     * The requesting connection's identity.
     *
     * @param clientId its MQTT client ID (data, never a pattern: it may contain {@code +} or {@code #})
     * @param thingName the thing attached to its certificate and named like its client ID (the thing of
     *     {@code iot:Connection.Thing.ThingName}), or null when there is none
     * @param certificateId the ID of its client certificate
     * @param protocol its MQTT version
     */
    public record Requester(String clientId, @Nullable String thingName, String certificateId, Protocol protocol) {}

    /** {@code <topic>/<outcome>}, such as the request topic's {@code accepted} or {@code rejected} reply topic. */
    public String replyTopic(String outcome) {
        return topic + "/" + outcome;
    }
}
