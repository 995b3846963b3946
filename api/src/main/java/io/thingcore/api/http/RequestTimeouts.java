package io.thingcore.api.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.thingcore.logtext.LogText;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one API connection ({@link HttpTimeouts}), on its event loop. Two handlers share this state:
 * {@link #bytes()} before the HTTP codec sees that a request has begun (its first byte), {@link #messages()} after it
 * sees the head end, the body progress and end, and the responses leave. The clock runs only while the server waits
 * for the client: not while a received request is being answered (pipelined bytes wait for us then), and never under a
 * response stream (server-sent events).
 *
 * <p>A request head or body that does not arrive in time is answered 408 {@code RequestTimeoutException} and the
 * connection closed: RFC 9110 section 15.5.9 (the connection is unusable, its framing lost); the AWS SDKs' standard
 * retry modes count the error code as transient (botocore/retries/standard.py). A connection that sent nothing (a
 * fresh one, or an idle keep-alive one) is closed without an answer, as RFC 9112 section 9.5 asks of a server timing
 * out an idle connection (a response there could be read as the answer to a request the client is just sending).
 *
 * <p>One limit: the start of a request that arrives in the same read as the end of the one before (pipelining) is
 * inside the codec, which does not say so; that connection counts as idle and is closed at the idle bound instead.
 */
public final class RequestTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(RequestTimeouts.class);

    private enum Phase {
        /** A new connection, no byte yet: the head deadline runs from the start. */
        FRESH,
        /** Between requests, nothing of the next one received. */
        IDLE,
        /** Part of a request head received. */
        HEAD,
        /** The head decoded, the body not complete. */
        BODY
    }

    private final HttpTimeouts timeouts;
    private final Bytes bytes = new Bytes();
    private final Messages messages = new Messages();
    /** Set when the handler is added to the pipeline, before any event reaches it. */
    private @Nullable ChannelHandlerContext ctx;

    private Phase phase = Phase.FRESH;
    /** Requests received whole and not answered yet; while any is, no deadline runs. */
    private int unanswered;

    private long phaseStartedNanos;
    private long lastByteNanos;
    private long headBytes;
    private long bodyBytes;
    private @Nullable HttpRequest head;
    private @Nullable ScheduledFuture<?> timer;
    /** A 408 has been written: the connection is closing. */
    private boolean timedOut;

    public RequestTimeouts(HttpTimeouts timeouts) {
        this.timeouts = timeouts;
    }

    /** The handler that goes before the HTTP codec (after TLS, so it counts application bytes). */
    public ChannelInboundHandlerAdapter bytes() {
        return bytes;
    }

    /** The handler that goes right after the HTTP codec. */
    public ChannelDuplexHandler messages() {
        return messages;
    }

    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext bytesCtx, Object msg) throws Exception {
            if (msg instanceof ByteBuf buf && buf.isReadable()) {
                long now = System.nanoTime();
                lastByteNanos = now;
                if (phase == Phase.FRESH || phase == Phase.IDLE) {
                    headBytes = 0;
                    enter(Phase.HEAD, now);
                }
                if (phase == Phase.HEAD) {
                    headBytes += buf.readableBytes();
                }
            }
            super.channelRead(bytesCtx, msg);
        }
    }

    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void handlerAdded(ChannelHandlerContext added) {
            ctx = added;
            if (added.channel().isActive()) {
                enter(Phase.FRESH, System.nanoTime());
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext active) throws Exception {
            if (timer == null) {
                enter(Phase.FRESH, System.nanoTime());
            }
            super.channelActive(active);
        }

        @Override
        public void channelRead(ChannelHandlerContext readCtx, Object msg) throws Exception {
            if (msg instanceof HttpRequest request) {
                head = request;
                bodyBytes = 0;
                enter(Phase.BODY, System.nanoTime());
            }
            if (msg instanceof LastHttpContent) {
                unanswered++;
                head = null;
                enter(Phase.IDLE, System.nanoTime());
            } else if (msg instanceof HttpContent content) {
                bodyBytes += content.content().readableBytes();
            }
            super.channelRead(readCtx, msg);
        }

        @Override
        public void write(ChannelHandlerContext writeCtx, Object msg, ChannelPromise promise) throws Exception {
            boolean interim = msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL; // 100 Continue
            if (msg instanceof LastHttpContent && !interim && unanswered > 0) {
                unanswered--;
                if (unanswered == 0) {
                    // the deadline of whatever the client sent meanwhile starts now: it waited for us
                    enter(phase, System.nanoTime());
                }
            }
            super.write(writeCtx, msg, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext inactive) throws Exception {
            cancel();
            super.channelInactive(inactive);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext removed) {
            cancel();
        }
    }

    private void enter(Phase next, long now) {
        if (timedOut) {
            return;
        }
        phase = next;
        phaseStartedNanos = now;
        lastByteNanos = now;
        cancel();
        if (unanswered == 0 && ctx != null && ctx.channel().isActive()) {
            schedule(limitNanos(now) - now);
        }
    }

    /** When the current phase runs out: its deadline, or for a body the end of an allowed silence if sooner. */
    private long limitNanos(long now) {
        return switch (phase) {
            case FRESH, HEAD -> phaseStartedNanos + timeouts.requestHead().toNanos();
            case IDLE -> phaseStartedNanos + timeouts.idle().toNanos();
            case BODY ->
                Math.min(
                        phaseStartedNanos + timeouts.requestBody().toNanos(),
                        lastByteNanos + timeouts.requestHead().toNanos());
        };
    }

    private void schedule(long delayNanos) {
        timer = context().executor().schedule(this::check, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void check() {
        timer = null;
        if (unanswered > 0 || !context().channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        long limit = limitNanos(now);
        if (now < limit) {
            schedule(limit - now); // the body made progress since this check was scheduled
            return;
        }
        switch (phase) {
            case FRESH -> {
                LOG.debug("closing API connection from {}: no request within {}", peer(), text(timeouts.requestHead()));
                context().close();
            }
            case IDLE -> {
                LOG.debug("closing idle API connection from {} after {}", peer(), text(timeouts.idle()));
                context().close();
            }
            case HEAD ->
                timeOut("request head not complete after " + text(timeouts.requestHead()) + " (" + headBytes
                        + " bytes received)");
            case BODY -> {
                long declared = HttpUtil.getContentLength(Objects.requireNonNull(head), -1L);
                String silence = now - lastByteNanos >= timeouts.requestHead().toNanos()
                        ? "no body byte for " + text(timeouts.requestHead())
                        : "body not complete after " + text(timeouts.requestBody());
                timeOut(silence + " ("
                        + LogText.of(Objects.requireNonNull(head).method().name()) + " " + LogText.of(head.uri()) + ", "
                        + bodyBytes + " of " + (declared < 0 ? "unknown" : declared) + " body bytes received)");
            }
        }
    }

    private void timeOut(String what) {
        timedOut = true;
        LOG.info("closing API connection from {} with 408: {}", peer(), what);
        FullHttpResponse response = Responses.error(
                new ApiException(
                        "RequestTimeoutException",
                        408,
                        "The request did not arrive within the time this gateway waits for it; send it again"),
                UUID.randomUUID().toString());
        HttpUtil.setKeepAlive(response, false);
        context().writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static String text(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private String peer() {
        return String.valueOf(context().channel().remoteAddress());
    }

    private ChannelHandlerContext context() {
        return Objects.requireNonNull(ctx, "RequestTimeouts used before it was added to a pipeline");
    }
}
