package io.thingcore.broker.routing;

import io.thingcore.broker.RetainedQuota;
import java.util.Map;

/**
 * Fans messages out to matching subscribers and keeps retained messages. Runs on the publisher's thread; each
 * subscriber serializes its own state.
 */
public final class Router {
    private final TopicTree<Subscriber> tree;
    private final RetainedMessages retained;

    public Router(boolean hashMatchesParent) {
        this(hashMatchesParent, RetainedQuota.AWS);
    }

    public Router(boolean hashMatchesParent, RetainedQuota retainedQuota) {
        this.tree = new TopicTree<>(hashMatchesParent);
        this.retained = new RetainedMessages(retainedQuota);
    }

    public TopicTree<Subscriber> tree() {
        return tree;
    }

    public RetainedMessages retained() {
        return retained;
    }

    /**
     * The subscribers whose filters match {@code topic} now, for a sender that makes its message only when someone
     * would receive it and then delivers it with {@link #route(Message, Map)}, without matching the topic twice.
     */
    public Map<Subscriber, Subscription> matches(String topic) {
        return tree.match(topic);
    }

    /**
     * Stores or deletes the retained message when {@code message} has RETAIN set (a message over the retained quota is
     * delivered but not stored: the broker's own and the data plane's publishes, and wills), then delivers it to every matching
     * subscription with RETAIN cleared (AWS forwards live messages with RETAIN=0: AWS IoT Developer Guide, "MQTT", retained messages). Returns whether any
     * delivery was submitted to the session store (then a QoS 1 PUBACK must wait until it is durable).
     */
    public boolean publish(Message message) {
        if (message.retain()) {
            retained.retain(message, System.nanoTime());
        }
        return route(message);
    }

    /**
     * Delivers {@code message} to every matching subscription with RETAIN cleared, without storing it; for a PUBLISH
     * whose RETAIN part {@link RetainedMessages#retain} already took. Returns as {@link #publish} does.
     */
    public boolean route(Message message) {
        return route(message, tree.match(message.topic()));
    }

    /** Delivers {@code message} to {@code matches}, from {@link #matches} for its topic, as {@link #route} does. */
    public boolean route(Message message, Map<Subscriber, Subscription> matches) {
        boolean stored = false;
        for (Map.Entry<Subscriber, Subscription> e : matches.entrySet()) {
            Subscriber subscriber = e.getKey();
            Subscription subscription = e.getValue();
            if (subscription.noLocal()
                    && message.publisherClientId() != null
                    && message.publisherClientId().equals(subscriber.clientId())) {
                continue;
            }
            stored |= subscriber.deliver(message, subscription, false);
        }
        return stored;
    }
}
