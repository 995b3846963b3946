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

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
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
