package io.thingcore.broker.routing;

import java.util.Map;

/**
 * Fans messages out to matching subscribers and keeps retained messages. Runs on the publisher's thread; each
 * subscriber serializes its own state.
 */
public final class Router {
    private final TopicTree<Subscriber> tree;
    private final RetainedMessages retained = new RetainedMessages();

    public Router(boolean hashMatchesParent) {
        this.tree = new TopicTree<>(hashMatchesParent);
    }

    public TopicTree<Subscriber> tree() {
        return tree;
    }

    public RetainedMessages retained() {
        return retained;
    }

    /**
     * Stores or deletes the retained message when {@code message} has RETAIN set, then delivers it to every matching
     * subscription with RETAIN cleared (AWS forwards live messages with RETAIN=0, facts 3.3). Returns how many
     * subscribers matched.
     */
    public int publish(Message message) {
        if (message.retain()) {
            retained.retain(message);
        }
        Map<Subscriber, Subscription> matches = tree.match(message.topic());
        matches.forEach((subscriber, subscription) -> {
            if (subscription.noLocal()
                    && message.publisherClientId() != null
                    && message.publisherClientId().equals(subscriber.clientId())) {
                return;
            }
            subscriber.deliver(message, subscription, false);
        });
        return matches.size();
    }
}
