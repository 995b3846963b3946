package io.thingcore.testkit.net;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;

/** TLS between two {@link EmbeddedChannel}s, without sockets: each one's output is the other's input. */
public final class InMemoryTls {
    /** Passes enough for any TLS 1.2 or 1.3 handshake, resumed or full, with or without client certificates. */
    private static final int MAX_PASSES = 20;

    private InMemoryTls() {}

    /**
     * Passes bytes between {@code client} and {@code server} (each with an {@link SslHandler}) until both handshakes
     * are done; throws if either failed.
     */
    public static void handshake(EmbeddedChannel client, EmbeddedChannel server) {
        SslHandler clientTls = client.pipeline().get(SslHandler.class);
        SslHandler serverTls = server.pipeline().get(SslHandler.class);
        for (int pass = 0;
                pass < MAX_PASSES
                        && !(clientTls.handshakeFuture().isDone()
                                && serverTls.handshakeFuture().isDone());
                pass++) {
            deliver(client, server);
            deliver(server, client);
        }
        if (!serverTls.handshakeFuture().isSuccess()
                || !clientTls.handshakeFuture().isSuccess()) {
            throw new IllegalStateException("TLS handshake failed: server "
                    + serverTls.handshakeFuture().cause() + ", client "
                    + clientTls.handshakeFuture().cause());
        }
    }

    /** Hands everything {@code from} has written to {@code to} as input. */
    public static void deliver(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object bytes; (bytes = from.readOutbound()) != null; ) {
            to.writeInbound(bytes);
        }
    }
}
