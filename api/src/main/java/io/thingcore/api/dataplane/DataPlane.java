package io.thingcore.api.dataplane;

import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import java.util.Set;

/**
 * The iot-data plane (publish, shadows, retained messages; AWS IoT Data Plane API Reference), served on the same port
 * as the control plane and told apart by the SigV4 credential scope's service name ({@code iotdata},
 * {@code iotdevicegateway}; older CLI models sign the control plane with {@code execute-api}, so that name selects the
 * control plane). Called on an API worker thread after the signature is verified; {@code server} wires an
 * implementation that reaches the broker through its own interface (docs/architecture.md, dependency rules: api never
 * sees broker internals).
 */
@FunctionalInterface
public interface DataPlane {
    /** The signing names that select the data plane (the developer guide and the SDKs disagree; accept all). */
    Set<String> SIGNING_NAMES = Set.of("iotdata", "iotdevicegateway");

    /** No data plane yet: every request gets 404 UnknownOperationException, as an unknown control-plane path does. */
    DataPlane NOT_IMPLEMENTED = request -> {
        throw new ApiException(
                "UnknownOperationException",
                404,
                "The iot-data plane is not implemented yet by this gateway (" + request.method() + " "
                        + request.rawPath() + ")");
    };

    ApiResponse handle(ApiRequest request);
}
