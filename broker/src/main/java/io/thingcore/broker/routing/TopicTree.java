package io.thingcore.broker.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Subscriptions as a trie with one node per topic level: matching a topic costs one walk over its levels (plus the
 * {@code +} and {@code #} branches), independent of the number of subscriptions.
 *
 * <p>Reads are lock-free over concurrent maps and may run on any thread; writes hold the trie's monitor so that
 * pruning an empty node never races with adding to it.
 *
 * @param <S> the subscriber type (a session), compared by identity
 */
public final class TopicTree<S> {
    private static final class Node<S> {
        final ConcurrentHashMap<String, Node<S>> children = new ConcurrentHashMap<>();
        final ConcurrentHashMap<S, Subscription> subscribers = new ConcurrentHashMap<>();

        boolean isEmpty() {
            return children.isEmpty() && subscribers.isEmpty();
        }
    }

    private final Node<S> root = new Node<>();
    private final boolean hashMatchesParent;

    /**
     * @param hashMatchesParent MQTT 4.7.1.2 semantics, where {@code sport/#} also matches {@code sport}; false for
     *     AWS IoT, where {@code #} matches only below its parent level (AWS IoT Developer Guide, "MQTT", differences from the
     *     specification)
     */
    public TopicTree(boolean hashMatchesParent) {
        this.hashMatchesParent = hashMatchesParent;
    }

    /** Adds or replaces {@code subscriber}'s subscription to {@code filter}. */
    public synchronized void subscribe(String filter, S subscriber, Subscription subscription) {
        Node<S> node = root;
        for (String level : filter.split("/", -1)) {
            node = node.children.computeIfAbsent(level, l -> new Node<>());
        }
        node.subscribers.put(subscriber, subscription);
    }

    /** Removes {@code subscriber}'s subscription to {@code filter}; true when there was one. */
    public synchronized boolean unsubscribe(String filter, S subscriber) {
        return remove(root, filter.split("/", -1), 0, subscriber);
    }

    private boolean remove(Node<S> node, String[] levels, int i, S subscriber) {
        if (i == levels.length) {
            return node.subscribers.remove(subscriber) != null;
        }
        Node<S> child = node.children.get(levels[i]);
        if (child == null) {
            return false;
        }
        boolean removed = remove(child, levels, i + 1, subscriber);
        if (child.isEmpty()) {
            node.children.remove(levels[i], child);
        }
        return removed;
    }

    /** The subscribers whose filters match {@code topic}, each once with its overlapping subscriptions merged. */
    public Map<S, Subscription> match(String topic) {
        Matches<S> out = new Matches<>();
        String[] levels = topic.split("/", -1);
        // MQTT 4.7.2-1: wildcards in the first level never match topics starting with '$'.
        match(root, levels, 0, topic.startsWith("$"), out);
        return out.result();
    }

    private void match(Node<S> node, String[] levels, int i, boolean dollar, Matches<S> out) {
        boolean wildcardsAllowed = !(dollar && i == 0);
        if (i == levels.length) {
            out.collect(node);
            if (hashMatchesParent) {
                Node<S> hash = node.children.get("#");
                if (hash != null) {
                    out.collect(hash);
                }
            }
            return;
        }
        if (wildcardsAllowed) {
            Node<S> hash = node.children.get("#");
            if (hash != null) {
                out.collect(hash);
            }
            Node<S> plus = node.children.get("+");
            if (plus != null) {
                match(plus, levels, i + 1, dollar, out);
            }
        }
        Node<S> exact = node.children.get(levels[i]);
        if (exact != null) {
            match(exact, levels, i + 1, dollar, out);
        }
    }

    /**
     * The subscriptions a walk finds, merged per subscriber. Most topics reach one subscriber (a device's own topics,
     * a backend's one filter), so the first is kept in fields and a map is made only for a second.
     */
    private static final class Matches<S> {
        private @Nullable S first;
        private @Nullable Subscription firstSubscription;
        private @Nullable Map<S, Subscription> all;

        void collect(Node<S> node) {
            node.subscribers.forEach(this::add);
        }

        private void add(S subscriber, Subscription subscription) {
            Map<S, Subscription> map = all;
            if (map != null) {
                map.merge(subscriber, subscription, Subscription::merge);
            } else if (first == null) {
                first = subscriber;
                firstSubscription = subscription;
            } else if (first.equals(subscriber)) {
                firstSubscription = Objects.requireNonNull(firstSubscription).merge(subscription);
            } else {
                map = new HashMap<>();
                map.put(first, Objects.requireNonNull(firstSubscription));
                map.put(subscriber, subscription);
                all = map;
            }
        }

        Map<S, Subscription> result() {
            if (all != null) {
                return all;
            }
            return first == null ? Map.of() : Map.of(first, Objects.requireNonNull(firstSubscription));
        }
    }
}
