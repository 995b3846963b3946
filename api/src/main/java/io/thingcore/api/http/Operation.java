package io.thingcore.api.http;

/**
 * One AWS operation. Runs on an API worker thread (it may block on the registry), never on an event loop; throws
 * {@link ApiException} or {@code RegistryException} to refuse the request.
 */
@FunctionalInterface
public interface Operation {
    ApiResponse handle(ApiRequest request);
}
