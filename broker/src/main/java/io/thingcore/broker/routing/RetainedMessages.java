package io.thingcore.broker.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retained messages, one per topic (AWS IoT Developer Guide, "MQTT", retained messages); in memory for now. AWS delivers
 * them on subscribe only to filters equal to the topic, so lookup is by exact topic; {@link #matching} serves the
 * specification's wildcard filters ({@code Semantics.retainedForWildcardFilters}) by a scan.
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

    /**
     * The retained messages whose topics {@code filter} matches ({@link Topics#matches}), in no particular order. Costs
     * one comparison per retained message: AWS semantics never calls it.
     */
    public List<Message> matching(String filter, boolean hashMatchesParent) {
        if (!Topics.hasWildcard(filter)) {
            return get(filter).map(List::of).orElse(List.of());
        }
        List<Message> out = new ArrayList<>();
        for (Message m : byTopic.values()) {
            if (Topics.matches(filter, m.topic(), hashMatchesParent)) {
                out.add(m);
            }
        }
        return out;
    }

    public int size() {
        return byTopic.size();
    }
}
