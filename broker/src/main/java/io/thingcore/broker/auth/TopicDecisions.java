package io.thingcore.broker.auth;

import org.jspecify.annotations.Nullable;

/**
 * The most recent {@code iot:Publish} and {@code iot:Receive} decisions of one connection, by topic, for one
 * authorization snapshot of {@link ConnectionAuthorizer}. A decision depends only on the snapshot (policies and
 * policy variables, both fixed for its life) and the topic, so it can be reused until the snapshot is replaced, which
 * drops this cache with it. A device publishes to a handful of topics again and again: the repeat costs a hash and an
 * equality check instead of the policy evaluation and the two ARN strings it builds.
 *
 * <p>Direct-mapped and small ({@value #SLOTS} entries per action, allocated on the first decision), so that an idle
 * connection pays nothing and a subscriber receiving from thousands of topics only evicts. Thread-safe without locks:
 * a slot holds an immutable entry, read and written as one reference (a race loses a decision, never mixes two).
 */
final class TopicDecisions {
    private static final int SLOTS = 16;

    private record Entry(String topic, boolean allowed) {}

    private @Nullable Entry @Nullable [] publish;
    private @Nullable Entry @Nullable [] receive;

    /** The cached decision on {@code topic}: allowed, denied, or null when not cached. */
    @Nullable
    Boolean publish(String topic) {
        return find(publish, topic);
    }

    @Nullable
    Boolean receive(String topic) {
        return find(receive, topic);
    }

    void rememberPublish(String topic, boolean allowed) {
        @Nullable Entry[] slots = publish;
        if (slots == null) {
            slots = new Entry[SLOTS];
            publish = slots;
        }
        slots[slot(topic)] = new Entry(topic, allowed);
    }

    void rememberReceive(String topic, boolean allowed) {
        @Nullable Entry[] slots = receive;
        if (slots == null) {
            slots = new Entry[SLOTS];
            receive = slots;
        }
        slots[slot(topic)] = new Entry(topic, allowed);
    }

    private static @Nullable Boolean find(@Nullable Entry @Nullable [] slots, String topic) {
        if (slots == null) {
            return null;
        }
        Entry entry = slots[slot(topic)];
        if (entry == null || !entry.topic.equals(topic)) {
            return null;
        }
        return entry.allowed;
    }

    private static int slot(String topic) {
        int h = topic.hashCode();
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
