package io.thingcore.broker.metrics;

/**
 * The broker's levels at one moment, read for a scrape.
 *
 * @param connections MQTT connections open now (CONNECT accepted, not yet closed)
 * @param sessions sessions held now, online and offline persistent ones
 * @param queuedMessages QoS 1 messages waiting in session queues (beyond the in-flight windows), over every session
 * @param serviceRequestsQueued requests waiting for a reserved-topic service's worker
 * @param droppedQueueFull QoS 1 messages dropped for full session queues since start (a counter, kept with the
 *     queue it is about)
 */
public record BrokerGauges(
        int connections, int sessions, long queuedMessages, int serviceRequestsQueued, long droppedQueueFull) {
    public static final BrokerGauges STOPPED = new BrokerGauges(0, 0, 0, 0, 0);
}
