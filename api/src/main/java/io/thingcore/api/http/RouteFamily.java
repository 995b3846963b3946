package io.thingcore.api.http;

/**
 * A family of AWS operations that the server contributes to the API beside the registry's own (jobs, streams,
 * OTA updates): it registers its routes in the table of the service it belongs to, chosen by the SigV4
 * signing name of the service model ({@code signingName} in {@code metadata} of botocore's {@code service-2.json}):
 * {@value #CONTROL_PLANE} for the AWS IoT control plane, {@code iot-jobs-data} for the AWS IoT Jobs data plane. A
 * request signed for a service of a registered family is matched against that service's table only, so the same path
 * (e.g. {@code GET /things/{thingName}/jobs/{jobId}}) may mean different operations in two services, as it does in
 * AWS. Registered once at start; the operations run on API worker threads.
 */
public interface RouteFamily {
    /** The control plane's signing name; its routes join the registry's table. */
    String CONTROL_PLANE = "iot";

    /** The SigV4 signing name of the service these operations belong to; the control plane unless said otherwise. */
    default String signingName() {
        return CONTROL_PLANE;
    }

    void register(RouteTable routes);
}
