/**
 * The MQTT listener's socket transport: Netty's native epoll on Linux where its library loads, Java NIO elsewhere.
 * {@link io.thingcore.broker.transport.MqttTransport} is chosen once, on the thread that starts the broker; the event
 * loops it creates run everything else.
 */
@NullMarked
package io.thingcore.broker.transport;

import org.jspecify.annotations.NullMarked;
