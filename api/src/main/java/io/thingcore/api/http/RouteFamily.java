package io.thingcore.api.http;

/**
 * A family of control-plane operations that the composition root contributes (streams, OTA updates, ...), so the API
 * serves a family whose service lives in another module without {@code ApiServer} knowing that module. Registered once
 * at start-up, before the port opens.
 */
@FunctionalInterface
public interface RouteFamily {
    void register(RouteTable routes);
}
