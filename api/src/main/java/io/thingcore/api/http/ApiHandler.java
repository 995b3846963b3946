package io.thingcore.api.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-connection HTTP stage. On the event loop it only copies the aggregated request, matches the route and hands
 * the request to the worker executor; the response hops back to the event loop to be written. Requests of one
 * connection are answered strictly in order (HTTP/1.1 pipelining): one is in flight, later ones wait in a queue and
 * reading pauses meanwhile. Keep-alive follows the request ({@link HttpUtil#isKeepAlive}).
 */
public final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Dispatcher dispatcher;
    private final Executor workers;
    private final boolean secure;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private boolean busy;
    /** The connection carries a {@link Mount.Reply.Stream}: it is the stream's until closed. */
    private boolean streaming;

    private record Pending(Dispatcher.Incoming incoming, boolean keepAlive) {}

    public ApiHandler(Dispatcher dispatcher, Executor workers, boolean secure) {
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.secure = secure;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (streaming) {
            ctx.close();
            return;
        }
        String requestId = UUID.randomUUID().toString();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            FullHttpResponse response = Responses.error(
                    ApiException.invalidRequest(
                            "Malformed HTTP request: " + request.decoderResult().cause()),
                    requestId);
            queue.clear();
            HttpUtil.setKeepAlive(response, false);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        String uri = request.uri();
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd >= 0 && uri.indexOf('/') > schemeEnd) {
            // absolute-form request target (RFC 9112 3.2.2): keep only the path and query
            int pathStart = uri.indexOf('/', schemeEnd + 3);
            uri = pathStart < 0 ? "/" : uri.substring(pathStart);
        }
        int q = uri.indexOf('?');
        String rawPath = q < 0 ? uri : uri.substring(0, q);
        String rawQuery = q < 0 ? "" : uri.substring(q + 1);
        Dispatcher.Incoming incoming = new Dispatcher.Incoming(
                requestId,
                request.method(),
                rawPath,
                rawQuery,
                request.headers(),
                ByteBufUtil.getBytes(request.content()),
                secure,
                dispatcher.routes().match(request.method(), rawPath),
                ctx.channel().remoteAddress());
        queue.add(new Pending(incoming, keepAlive));
        ctx.channel().config().setAutoRead(false);
        if (!busy) {
            next(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        Pending pending = queue.peek();
        if (pending == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        try {
            workers.execute(() -> {
                Mount.Reply reply = dispatcher.reply(pending.incoming());
                try {
                    ctx.executor().execute(() -> respond(ctx, reply, pending.keepAlive()));
                } catch (RejectedExecutionException shuttingDown) {
                    if (reply instanceof Mount.Reply.Full full) {
                        full.response().release();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            respond(
                    ctx,
                    Responses.error(
                            new ApiException(
                                    "ServiceUnavailableException", 503, "The gateway is overloaded; retry later"),
                            pending.incoming().requestId()),
                    pending.keepAlive());
        }
    }

    private void respond(ChannelHandlerContext ctx, Mount.Reply reply, boolean keepAlive) {
        switch (reply) {
            case Mount.Reply.Full full -> respond(ctx, full.response(), keepAlive);
            case Mount.Reply.Stream stream -> stream(ctx, stream);
        }
    }

    /** Hands the connection to a stream; its response never ends, so {@link RequestTimeouts} never cuts it. */
    private void stream(ChannelHandlerContext ctx, Mount.Reply.Stream stream) {
        queue.clear();
        streaming = true;
        if (ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
            ctx.writeAndFlush(stream.head());
        }
        stream.start().accept(ctx.channel()); // on a closed channel too, so that it releases what it holds
    }

    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        queue.poll();
        busy = false;
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
            next(ctx);
        } else {
            queue.clear();
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        queue.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing API connection {} after an error", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
