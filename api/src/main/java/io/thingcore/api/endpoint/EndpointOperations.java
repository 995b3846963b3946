package io.thingcore.api.endpoint;

import static io.netty.handler.codec.http.HttpMethod.GET;

import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.RouteTable;
import java.util.List;
import java.util.Set;

/**
 * DescribeEndpoint: every endpoint type AWS has ({@code iot:Data-ATS}, legacy {@code iot:Data},
 * {@code iot:CredentialProvider}, {@code iot:Jobs}) is this gateway, so all answer the first configured host; no type
 * answers the same (on AWS: the legacy endpoint); an unknown type is an InvalidRequestException.
 */
public final class EndpointOperations {
    static final Set<String> ENDPOINT_TYPES = Set.of("iot:Data-ATS", "iot:Data", "iot:CredentialProvider", "iot:Jobs");

    private final String host;

    public EndpointOperations(List<String> endpointHosts) {
        this.host = endpointHosts.get(0);
    }

    public void register(RouteTable routes) {
        routes.add(GET, "/endpoint", "DescribeEndpoint", this::describeEndpoint);
    }

    ApiResponse describeEndpoint(ApiRequest request) {
        String type = request.query("endpointType");
        if (type != null && !ENDPOINT_TYPES.contains(type)) {
            throw ApiException.invalidRequest("Endpoint type " + type + " is not valid; valid types are "
                    + "iot:Data-ATS, iot:Data, iot:CredentialProvider and iot:Jobs");
        }
        return ApiResponse.of(Json.object().put("endpointAddress", host));
    }
}
