/**
 * The one raw MQTT client of the tests: MQTT 3.1.1 and 5 packets written byte by byte over a JDK TLS socket with
 * explicit SNI ({@link io.thingcore.testkit.mqtt.RawMqttClient}), the handshake probe that tells a refusal inside the
 * TLS handshake from a close after it ({@link io.thingcore.testkit.mqtt.TlsProbe}), and the socket factory that sets
 * SNI for clients such as Paho. Runs on the test's thread, with blocking sockets.
 */
@NullMarked
package io.thingcore.testkit.mqtt;

import org.jspecify.annotations.NullMarked;
