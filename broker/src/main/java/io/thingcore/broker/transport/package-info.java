/**
 * The MQTT listener's socket transport: Netty's io_uring where the kernel allows it, else its native epoll, Java NIO
 * elsewhere.
 * {@link io.thingcore.broker.transport.MqttTransport} is chosen once, on the thread that starts the broker; the event
 * loops it creates run everything else.
 */
@NullMarked
package io.thingcore.broker.transport;

import org.jspecify.annotations.NullMarked;
