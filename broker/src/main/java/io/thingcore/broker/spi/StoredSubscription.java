package io.thingcore.broker.spi;

import java.util.Objects;

/**
 * One subscription of a stored session.
 *
 * @param filter the topic filter
 * @param qos the granted QoS (0 or 1)
 * @param noLocal MQTT 5 No Local
 */
public record StoredSubscription(String filter, int qos, boolean noLocal) {
    public StoredSubscription {
        Objects.requireNonNull(filter, "filter");
    }
}
