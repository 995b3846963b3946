/**
 * A small MQTT 3.1.1 client over mutual TLS on Netty, lean enough to be the load generator's core: CONNECT/CONNACK,
 * PUBLISH at QoS 0 and 1, SUBSCRIBE, keep-alive and DISCONNECT, with {@link java.util.concurrent.CompletableFuture}
 * results. Every client's state lives on its channel's event loop; public methods may be called from any thread and
 * hop onto it. One event-loop group ({@link io.thingcore.client.MqttClient#newEventLoopGroup}) serves any number of
 * clients; one {@link io.thingcore.client.ClientTls} serves every client with the same identity.
 */
@NullMarked
package io.thingcore.client;

import org.jspecify.annotations.NullMarked;
