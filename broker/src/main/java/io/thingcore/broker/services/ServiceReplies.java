package io.thingcore.broker.services;

/**
 * How a {@link ReservedTopicService} answers one request: each reply is routed like any message, to the subscribers
 * whose filters match its topic, and delivered only to those whose policies allow {@code iot:Receive} on it. MQTT 5
 * replies carry the request's Correlation Data (MQTT 5.0 section 4.10). Callable from any thread, also after
 * {@link ReservedTopicService#handle} returned.
 */
public interface ServiceReplies {
    /** Publishes {@code payload} to the request topic's {@code /accepted} topic. */
    default void accepted(byte[] payload) {
        publish("accepted", payload);
    }

    /** Publishes {@code payload} to the request topic's {@code /rejected} topic. */
    default void rejected(byte[] payload) {
        publish("rejected", payload);
    }

    /** Publishes {@code payload} to {@code <request topic>/<outcome>}. */
    default void publish(String outcome, byte[] payload) {
        publishTo(request().replyTopic(outcome), payload);
    }

    /**
     * Publishes {@code payload} to {@code topic}: a topic of the request's thing and family
     * ({@code $aws/things/<thing>/<family>/...}); any other topic, the MQTT 5 Response Topic the requester named
     * included, only when it is a valid topic name outside {@code $} and the requester itself may publish to it
     * ({@code iot:Publish}): a client must not make the service publish where it could not (a confused deputy).
     *
     * @throws IllegalArgumentException when the topic is refused
     */
    void publishTo(String topic, byte[] payload);

    /** The request these replies answer. */
    ServiceRequest request();
}
