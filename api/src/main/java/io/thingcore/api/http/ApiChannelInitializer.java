package io.thingcore.api.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Builds the API pipeline in one place; every handler has a named constant (HiveMQ CE style, like the broker's pipeline
 * in docs/architecture.md). {@link RequestTimeouts} has a handler on each side of the codec: before it to see a
 * request's first byte, after it to see the head and body end and the responses leave.
 */
public final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {
    public static final String TLS = "tls";
    public static final String REQUEST_BYTES = "request-bytes";
    public static final String HTTP_CODEC = "http-codec";
    public static final String REQUEST_TIMEOUTS = "request-timeouts";
    public static final String AGGREGATOR = "aggregator";
    public static final String API = "api";

    /**
     * 1 MiB: the largest legal body is a ~400 KB policy document (CreatePolicy's {@code policyDocument} allows 404,600
     * characters in the AWS IoT service model) or a 64 KB PEM.
     */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final @Nullable SslContext sslContext;
    private final Dispatcher dispatcher;
    private final Executor workers;
    private final HttpTimeouts timeouts;

    public ApiChannelInitializer(
            @Nullable SslContext sslContext, Dispatcher dispatcher, Executor workers, HttpTimeouts timeouts) {
        this.sslContext = sslContext;
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.timeouts = timeouts;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc()));
        }
        RequestTimeouts deadlines = new RequestTimeouts(timeouts);
        pipeline.addLast(REQUEST_BYTES, deadlines.bytes());
        pipeline.addLast(HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(REQUEST_TIMEOUTS, deadlines.messages());
        pipeline.addLast(AGGREGATOR, new BodyLimitAggregator(MAX_BODY_BYTES));
        pipeline.addLast(API, new ApiHandler(dispatcher, workers, sslContext != null));
    }
}
