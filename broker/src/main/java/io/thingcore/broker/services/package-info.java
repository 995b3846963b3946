/**
 * The seam for AWS IoT services on reserved topics (AWS IoT Core developer guide, "Reserved topics"): device shadows,
 * jobs, MQTT-based file delivery and later ones plug in as a {@link io.thingcore.broker.services.ReservedTopicService}
 * for one topic family under {@code $aws/things/<thingName>/}. Owns the registry of services, the classification of
 * a published reserved topic ({@link io.thingcore.broker.services.ReservedTopicServices#route}), the bounded
 * executor that runs requests, and the replies' routing.
 *
 * <p>Threads: {@code route} runs on the publisher's event loop (lock-free, a map lookup); a service's {@code handle}
 * runs on the executor's threads, never on an event loop; replies may be published from any thread and are routed
 * like any message (each subscriber's session serializes its own delivery, and checks {@code iot:Receive}); the
 * PUBACK of a QoS 1 request goes back to the publisher's event loop when the service's stage completes.
 */
@NullMarked
package io.thingcore.broker.services;

import org.jspecify.annotations.NullMarked;
