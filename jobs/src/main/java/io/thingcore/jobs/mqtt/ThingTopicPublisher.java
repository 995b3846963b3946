package io.thingcore.jobs.mqtt;

/**
 * Publishes as the broker to a thing's reserved jobs topics ({@code notify}, {@code notify-next}); the server wires
 * it to the broker's own publish, which still checks each subscriber's {@code iot:Receive}. Any thread.
 */
@FunctionalInterface
public interface ThingTopicPublisher {
    void publish(String topic, byte[] payload);
}
