package io.thingcore.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A successful operation's result: always 200 with a JSON object body (every AWS IoT API Reference operation thingcore
 * serves: no 201/204).
 */
public record ApiResponse(ObjectNode body) {
    private static final ApiResponse EMPTY = new ApiResponse(Json.object());

    public static ApiResponse of(ObjectNode body) {
        return new ApiResponse(body);
    }

    /** Output shapes without members are sent as {@code {}}, which both SDKs accept. */
    public static ApiResponse empty() {
        return EMPTY;
    }
}
