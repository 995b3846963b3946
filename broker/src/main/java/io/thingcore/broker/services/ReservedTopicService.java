package io.thingcore.broker.services;

import java.util.concurrent.CompletionStage;

/**
 * An AWS IoT service that lives on a thing's reserved topics, {@code $aws/things/<thingName>/<family>/...}: device
 * shadows ({@code shadow}), jobs ({@code jobs}), MQTT-based file delivery ({@code streams}) (AWS IoT Core developer
 * guide, "Reserved topics"). Each is a request/response service: a device publishes a request, the service answers on
 * the request topic's {@code /accepted} or {@code /rejected} sub-topic, or on other topics of the same family (such
 * as {@code jobs/notify-next}).
 *
 * <p>The broker checks the topic rules and the connection's {@code iot:Publish} on the request topic before it hands a
 * request to {@link #handle}, and checks each subscriber's {@code iot:Receive} on every reply it routes. So a service
 * authorizes nothing on the wire itself; it may still refuse a request for its own reasons (on {@code /rejected}).
 *
 * <p>Threads: {@link #accepts} runs on the publisher's event loop and must be cheap (no I/O, no lock held long);
 * {@link #handle} runs on the broker's bounded service executor, never on an event loop, and may block on its store.
 */
public interface ReservedTopicService {
    /**
     * The topic level after the thing name that this service owns, such as {@code jobs}: one service per family.
     * Must be a non-empty topic level without wildcards.
     */
    String family();

    /**
     * Whether a client may publish to {@code $aws/things/<thing>/<family>/<suffix>}: true for the service's request
     * topics ({@code get}, {@code start-next}, {@code <jobId>/update}, ...), false for the topics only the service
     * publishes to ({@code .../accepted}, {@code notify}, ...). A publish to a topic this refuses is refused as any
     * other reserved topic is (AWS IoT: "unsupported publish or subscribe operations to reserved topics can result in
     * a terminated connection").
     *
     * @param suffix the topic after {@code <family>/}, never empty
     */
    boolean accepts(String suffix);

    /**
     * Handles one authorized request and answers through {@code replies} (now or later, from any thread). The returned
     * stage completes when the service has taken the request durably: only then does the broker send a QoS 1
     * request's PUBACK. A stage that fails makes the broker refuse the PUBLISH (MQTT 5: PUBACK 0x80; MQTT 3.1.1: the
     * connection is closed, so that the device publishes again after reconnecting).
     */
    CompletionStage<Void> handle(ServiceRequest request, ServiceReplies replies);
}
