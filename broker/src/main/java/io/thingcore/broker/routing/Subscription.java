package io.thingcore.broker.routing;

/**
 * One subscription's options.
 *
 * @param qos the granted maximum QoS (0 or 1)
 * @param noLocal MQTT 5 No Local: do not deliver the subscriber's own messages
 */
public record Subscription(int qos, boolean noLocal) {
    /** The stronger of two overlapping subscriptions of one client (MQTT 3.1.1 3.3.5, MQTT 5 3.3.4). */
    Subscription merge(Subscription other) {
        return new Subscription(Math.max(qos, other.qos), noLocal && other.noLocal);
    }
}
