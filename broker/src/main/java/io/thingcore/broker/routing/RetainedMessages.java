package io.thingcore.broker.routing;

import io.thingcore.broker.RetainedQuota;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Retained messages, one per topic (AWS IoT Developer Guide, "MQTT", retained messages), in memory and bounded by a
 * {@link RetainedQuota}: count, size per message, payload bytes in all (the heap they may take) and RETAIN publishes
 * per second. AWS delivers them on subscribe only to filters equal to the topic, so lookup is by exact topic;
 * {@link #matching} serves the specification's wildcard filters ({@code Semantics.retainedForWildcardFilters}) by a
 * scan. Reads are lock-free; stores and deletes take this object's monitor, held only to keep the totals exact.
 */
public final class RetainedMessages {
    /** Why a RETAIN publish was not stored. */
    public enum Refusal {
        TOO_LARGE("retained message size"),
        TOO_MANY("retained messages"),
        HEAP_BOUND("retained message bytes in all"),
        RATE("retained publishes per second"),
        CONNECTION_RATE("retained publishes per second per connection");

        private final String quota;

        Refusal(String quota) {
            this.quota = quota;
        }

        /** The quota's name, for log lines. */
        public String quota() {
            return quota;
        }
    }

    private final ConcurrentHashMap<String, Message> byTopic = new ConcurrentHashMap<>();
    private final RetainedQuota quota;
    private final TokenBucket rate;
    private long totalBytes;

    public RetainedMessages(RetainedQuota quota) {
        this.quota = quota;
        this.rate = new TokenBucket(quota.publishesPerSecond());
    }

    public RetainedQuota quota() {
        return quota;
    }

    /**
     * Stores {@code message} for its topic, or deletes the topic's message when the payload is empty (always allowed).
     * Returns null when done, or why the quota refused it (then nothing changed).
     */
    public synchronized @Nullable Refusal retain(Message message, long nanos) {
        int size = message.payload().length;
        if (size == 0) {
            Message removed = byTopic.remove(message.topic());
            if (removed != null) {
                totalBytes -= removed.payload().length;
            }
            return null;
        }
        if (size > quota.maxMessageBytes()) {
            return Refusal.TOO_LARGE;
        }
        Message old = byTopic.get(message.topic());
        if (old == null && byTopic.size() >= quota.maxMessages()) {
            return Refusal.TOO_MANY;
        }
        long after = totalBytes - (old == null ? 0 : old.payload().length) + size;
        if (after > quota.maxTotalBytes()) {
            return Refusal.HEAP_BOUND;
        }
        if (!rate.tryTake(nanos)) {
            return Refusal.RATE;
        }
        byTopic.put(message.topic(), message);
        totalBytes = after;
        return null;
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

    /** The payload bytes stored, never more than {@link RetainedQuota#maxTotalBytes()}. */
    public synchronized long totalBytes() {
        return totalBytes;
    }
}
