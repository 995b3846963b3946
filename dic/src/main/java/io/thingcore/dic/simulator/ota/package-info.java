/**
 * The simulated device's AWS IoT OTA agent: the MQTT exchange of the OTA library v3.4.0 that the DIC firmware starts on
 * the command {@code ota} (job request, job document, stream blocks in CBOR or JSON, job status), the signature check
 * and self-test that end an update, and its resumption after a reconnection, over the device's own connection. It
 * shares no code with the gateway's jobs and streams modules: it is built from the library's sources. Runs on the
 * simulated device's event loop, like the rest of the device.
 */
@NullMarked
package io.thingcore.dic.simulator.ota;

import org.jspecify.annotations.NullMarked;
