package io.thingcore.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Renders responses the way AWS restJson1 services do (readers: botocore's {@code RestJSONParser}, the Java SDK's
 * {@code JsonErrorCodeParser}): {@code x-amzn-RequestId} on every response; errors carry
 * {@code x-amzn-ErrorType: <Name>} (which botocore and the Java SDK both read first), the same name in the body's
 * {@code __type} for clients that only read bodies, {@code message}, and the modeled extra members
 * {@code resourceId}/{@code resourceArn} of ResourceAlreadyExistsException.
 */
public final class Responses {
    public static final String REQUEST_ID = "x-amzn-RequestId";
    public static final String ERROR_TYPE = "x-amzn-ErrorType";

    private Responses() {}

    public static FullHttpResponse ok(ApiResponse response, String requestId) {
        return json(HttpResponseStatus.OK, response.body(), requestId);
    }

    public static FullHttpResponse error(ApiException e, String requestId) {
        ObjectNode body = Json.object();
        body.put("__type", e.errorType());
        body.put("message", e.getMessage());
        Json.put(body, "resourceId", e.resourceId());
        Json.put(body, "resourceArn", e.resourceArn());
        FullHttpResponse response = json(HttpResponseStatus.valueOf(e.status()), body, requestId);
        response.headers().set(ERROR_TYPE, e.errorType());
        return response;
    }

    private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body, String requestId) {
        byte[] bytes = Json.bytes(body);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(REQUEST_ID, requestId);
        return response;
    }
}
