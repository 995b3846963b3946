package io.thingcore.broker.handshake;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The first handler of a new connection until its TLS handshake completes: holds each read of handshake bytes until
 * the loop's {@link HandshakeTurns} gives the connection its turn, then hands it to the TLS handlers behind it. While it
 * holds bytes, the channel reads nothing more (auto-read off), so a connection never has more than one read waiting.
 * Once the TLS handler's handshake is done, successful or not, it passes on what it holds and removes itself: a
 * connected client's packets never wait for a turn.
 *
 * <p>The handshake timeout keeps running while a connection waits, so waiting is bounded by it. Runs on the channel's
 * event loop.
 */
public final class HandshakePacer extends ChannelInboundHandlerAdapter implements HandshakeTurns.Step {
    /**
     * The longest read passed on without a turn when the client closes: one alert record (RFC 8446 sections 5.1, 5.2
     * and 6: 5 bytes of header and, encrypted, 2 of alert, 1 of content type and a 16-byte tag; 7 bytes in the clear),
     * with room for padding. Decoding it costs one small decryption, never a handshake step.
     */
    static final int LAST_WORDS_MAX_BYTES = 64;

    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>(2);
    private @Nullable ChannelHandlerContext context;
    private boolean waiting;
    private boolean watchingHandshake;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        held.add(bytes);
        ctx.channel().config().setAutoRead(false);
        if (!waiting) {
            waiting = true;
            HandshakeTurns.waitTurn(ctx.channel(), this);
        }
    }

    /**
     * Held back while bytes are held: the TLS handler reacts to a read-complete by flushing and, with auto-read off,
     * by asking for the next read, which would undo the hold. It gets one after each turn instead.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (held.isEmpty()) {
            ctx.fireChannelReadComplete();
        }
    }

    /**
     * A client that refuses the server's certificate sends an alert and closes at once; the epoll transport reads
     * both in one go, so the alert may still be held here when the close arrives. Passed on, it lets the TLS handler
     * say why the client left (the refusal line names the fix). Anything longer than an alert is dropped unread: a
     * client must not get a handshake step out of turn by closing right after sending it.
     */
    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!held.isEmpty()
                && heldBytes() <= LAST_WORDS_MAX_BYTES
                && ctx.pipeline().get(SslHandler.class) != null) {
            passOnHeld(ctx);
        } else {
            releaseHeld();
        }
        ctx.fireChannelInactive();
    }

    private int heldBytes() {
        int total = 0;
        for (ByteBuf bytes : held) {
            total += bytes.readableBytes();
        }
        return total;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!held.isEmpty() && ctx.channel().isActive()) {
            passOnHeld(ctx);
        } else {
            releaseHeld();
        }
        ctx.channel().config().setAutoRead(true);
    }

    /** Called by {@link HandshakeTurns} in this connection's turn: one step of its handshake. */
    @Override
    public void takeTurn() {
        waiting = false;
        ChannelHandlerContext ctx = context;
        if (ctx == null || ctx.isRemoved()) {
            return;
        }
        if (held.isEmpty()) {
            return;
        }
        if (!ctx.channel().isActive()) {
            releaseHeld();
            return;
        }
        passOnHeld(ctx);
        if (ctx.isRemoved()) {
            return;
        }
        watchHandshake(ctx);
        if (!ctx.isRemoved() && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * The handshake may end inside a read passed on here, and this handler be removed then (its listener): the loop
     * polls, so what {@link #handlerRemoved} passed on already is not passed on twice.
     */
    private void passOnHeld(ChannelHandlerContext ctx) {
        ByteBuf bytes;
        while ((bytes = held.poll()) != null) {
            ctx.fireChannelRead(bytes);
        }
        ctx.fireChannelReadComplete();
    }

    /**
     * Once the TLS handler is in the pipeline (the SNI stage puts it there on the ClientHello), this handler leaves
     * when its handshake ends.
     */
    private void watchHandshake(ChannelHandlerContext ctx) {
        if (watchingHandshake) {
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null) {
            watchingHandshake = true;
            tls.handshakeFuture().addListener(done -> {
                if (!ctx.isRemoved()) {
                    ctx.pipeline().remove(this);
                }
            });
        }
    }

    private void releaseHeld() {
        ByteBuf bytes;
        while ((bytes = held.poll()) != null) {
            ReferenceCountUtil.release(bytes);
        }
    }
}
