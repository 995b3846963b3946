/**
 * The simulated device's AWS IoT OTA agent: the MQTT exchange of the OTA library v3.4.0 that the DIC firmware starts on
 * the command {@code ota} (job request, job document, CBOR stream blocks, job status), over the device's own
 * connection. Runs on the simulated device's event loop, like the rest of the device.
 */
@NullMarked
package io.thingcore.dic.simulator.ota;

import org.jspecify.annotations.NullMarked;
