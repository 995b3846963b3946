package io.thingcore.broker.routing;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retained messages, one per topic (AWS IoT Developer Guide, "MQTT", retained messages); in memory for now. AWS delivers them on subscribe only to filters
 * equal to the topic, so lookup is by exact topic.
 */
public final class RetainedMessages {
    private final ConcurrentHashMap<String, Message> byTopic = new ConcurrentHashMap<>();

    /** Stores {@code message} for its topic, or deletes the topic's message when the payload is empty. */
    public void retain(Message message) {
        if (message.payload().length == 0) {
            byTopic.remove(message.topic());
        } else {
            byTopic.put(message.topic(), message);
        }
    }

    public Optional<Message> get(String topic) {
        return Optional.ofNullable(byTopic.get(topic));
    }

    public int size() {
        return byTopic.size();
    }
}
