package io.thingcore.api.admin;

import static io.netty.handler.codec.http.HttpMethod.POST;

import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.RouteTable;
import io.thingcore.registry.Registry;

/**
 * thingcore's own administrative operations, under {@code /_thingcore/} (a prefix no AWS operation uses), SigV4-signed
 * like every other request. Registered only when enabled: when off, the path is unknown (404 like any other).
 */
public final class AdminOperations {
    public static final String RESET_PATH = "/_thingcore/reset";

    private final Registry registry;

    public AdminOperations(Registry registry) {
        this.registry = registry;
    }

    public void register(RouteTable routes) {
        routes.add(POST, RESET_PATH, "ThingcoreReset", this::reset);
    }

    ApiResponse reset(ApiRequest request) {
        registry.forNamespace(request.namespace()).reset();
        return ApiResponse.empty();
    }
}
