package io.thingcore.server.ops;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The operator endpoints on a listener of their own ({@code --metrics-bind host:port}): plain HTTP, GET only, one
 * request per connection, so that a scraper on a management network never needs the API port. One event loop parses;
 * one worker thread answers (the readiness check may wait for the database), with at most
 * {@value #QUEUED_REQUESTS} requests waiting; beyond that, 503.
 */
public final class OpsListener implements AutoCloseable {
    static final int QUEUED_REQUESTS = 16;

    private final EventLoopGroup loop;
    private final ThreadPoolExecutor worker;
    private final Channel serverChannel;

    private OpsListener(EventLoopGroup loop, ThreadPoolExecutor worker, Channel serverChannel) {
        this.loop = loop;
        this.worker = worker;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds {@code host:port} (port 0: any free port).
     *
     * @throws IllegalStateException with a one-line reason when it cannot bind
     */
    public static OpsListener start(String host, int port, OpsEndpoints endpoints) {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("thingcore-ops-io", true), NioIoHandler.newFactory());
        ThreadPoolExecutor worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS),
                new DefaultThreadFactory("thingcore-ops-worker", true));
        try {
            Channel channel = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new ReadTimeoutHandler(10))
                                    .addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new HttpObjectAggregator(8192))
                                    .addLast(new Handler(endpoints, worker));
                        }
                    })
                    .bind(host, port)
                    .syncUninterruptibly()
                    .channel();
            return new OpsListener(loop, worker, channel);
        } catch (Exception e) { // syncUninterruptibly() rethrows the checked BindException as is
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            worker.shutdownNow();
            throw new IllegalStateException(
                    "cannot listen on " + host + ":" + port + " (--metrics-bind): " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        worker.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Parses on the event loop, answers on the worker, writes back on the event loop, then closes. */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final OpsEndpoints endpoints;
        private final ThreadPoolExecutor worker;

        Handler(OpsEndpoints endpoints, ThreadPoolExecutor worker) {
            this.endpoints = endpoints;
            this.worker = worker;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            HttpMethod method = request.method();
            String uri = request.uri();
            int query = uri.indexOf('?');
            String path = query < 0 ? uri : uri.substring(0, query);
            if (!request.decoderResult().isSuccess()) {
                write(ctx, status(HttpResponseStatus.BAD_REQUEST));
                return;
            }
            try {
                worker.execute(() -> {
                    FullHttpResponse response = endpoints.answer(method, path);
                    write(ctx, response == null ? status(HttpResponseStatus.NOT_FOUND) : response);
                });
            } catch (RejectedExecutionException e) {
                write(ctx, status(HttpResponseStatus.SERVICE_UNAVAILABLE));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a read timeout or a reset: nothing to answer
        }

        private static FullHttpResponse status(HttpResponseStatus status) {
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            return response;
        }

        private static void write(ChannelHandlerContext ctx, FullHttpResponse response) {
            response.headers().set(HttpHeaderNames.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
