/**
 * The iot-data plane's entry point on the shared API port: the {@link io.thingcore.api.dataplane.DataPlane}
 * interface that {@code server} implements over the broker; until then data-plane requests are answered "not
 * implemented yet". Called on API worker threads after SigV4 verification.
 */
@NullMarked
package io.thingcore.api.dataplane;

import org.jspecify.annotations.NullMarked;
