/**
 * The broker's own encoding of the PUBLISH packets it sends to subscribers. The head of a message's PUBLISH (fixed
 * header, remaining length, topic name, packet identifier's place, MQTT 5 property length) is made once per message,
 * protocol level and QoS ({@link io.thingcore.broker.wire.PublishHeads}) and shared by every delivery of the message;
 * {@link io.thingcore.broker.wire.PublishEncoder} writes a delivery as that head, its own flags and packet
 * identifier, and the payload, in one buffer. Every other packet, and a PUBLISH with MQTT 5 properties to forward,
 * is left to Netty's {@code MqttEncoder}.
 *
 * <p>Heads are made on the event loop of the first subscriber that needs one and read from any; they are immutable
 * and published through plain fields (a race makes one twice, identically). The encoder runs on the channel's event
 * loop.
 */
@NullMarked
package io.thingcore.broker.wire;

import org.jspecify.annotations.NullMarked;
