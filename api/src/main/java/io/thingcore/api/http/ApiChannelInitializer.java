package io.thingcore.api.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Builds the API pipeline in one place; every handler has a named constant (HiveMQ CE style, like the broker's pipeline
 * in docs/architecture.md).
 */
public final class ApiChannelInitializer extends ChannelInitializer<SocketChannel> {
    public static final String TLS = "tls";
    public static final String HTTP_CODEC = "http-codec";
    public static final String IDLE = "idle";
    public static final String AGGREGATOR = "aggregator";
    public static final String API = "api";

    /**
     * 1 MiB: the largest legal body is a ~400 KB policy document (CreatePolicy's {@code policyDocument} allows 404,600
     * characters in the AWS IoT service model) or a 64 KB PEM.
     */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    public static final int IDLE_SECONDS = 120;

    private final SslContext sslContext;
    private final Dispatcher dispatcher;
    private final Executor workers;

    public ApiChannelInitializer(SslContext sslContext, Dispatcher dispatcher, Executor workers) {
        this.sslContext = sslContext;
        this.dispatcher = dispatcher;
        this.workers = workers;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast(TLS, sslContext.newHandler(channel.alloc()));
        }
        pipeline.addLast(HTTP_CODEC, new HttpServerCodec());
        pipeline.addLast(IDLE, new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS));
        pipeline.addLast(AGGREGATOR, new BodyLimitAggregator(MAX_BODY_BYTES));
        pipeline.addLast(API, new ApiHandler(dispatcher, workers, sslContext != null));
    }
}
