package io.thingcore.broker.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Reads the server name from the ClientHello (engine-independent, so it works for BoringSSL and the JDK alike) and
 * replaces itself with the {@link SslHandler} named {@code sslName}, with the handshake timeout applied. The name (null
 * when the client sent none) goes to the {@link ClientCertificateHandler} of the channel, which keeps it until the
 * handshake ends: not a channel attribute, which every connection would keep for its life (issue 14). One TLS context
 * serves every name.
 */
public final class SniCapture extends SniHandler {
    /**
     * The first byte the client sent, set only when it is not a TLS handshake record (content type 22, RFC 8446
     * section 5.1): what the client spoke instead ({@link HandshakeFailures}).
     */
    static final AttributeKey<Byte> NOT_TLS_FIRST_BYTE = AttributeKey.valueOf(SniCapture.class, "notTlsFirstByte");

    private static final int TLS_HANDSHAKE_CONTENT_TYPE = 22;

    private boolean firstByteSeen;

    private final String sslName;

    public SniCapture(SslContext context, long handshakeTimeoutMillis, String sslName) {
        super(hostname -> context, handshakeTimeoutMillis);
        this.sslName = sslName;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (!firstByteSeen && in.isReadable()) {
            firstByteSeen = true;
            byte first = in.getByte(in.readerIndex());
            if (first != TLS_HANDSHAKE_CONTENT_TYPE) {
                ctx.channel().attr(NOT_TLS_FIRST_BYTE).set(first);
            }
        }
        super.decode(ctx, in, out);
    }

    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext) {
        ClientCertificateHandler certificateStage = ctx.pipeline().get(ClientCertificateHandler.class);
        if (certificateStage != null) {
            certificateStage.clientHelloRead(hostname);
        }
        SslHandler sslHandler = null;
        try {
            sslHandler = newSslHandler(ctx, sslContext);
            ctx.pipeline().replace(this, sslName, sslHandler);
            sslHandler = null;
        } finally {
            // As SniHandler does: a handler that never entered the pipeline must release its engine.
            if (sslHandler != null) {
                ReferenceCountUtil.safeRelease(sslHandler.engine());
            }
        }
    }

    /**
     * As {@link SniHandler#newSslHandler(SslContext, io.netty.buffer.ByteBufAllocator)}, with the client's address on
     * the engine so that {@link RegistryTrustManager} can name the client when it refuses the handshake.
     */
    private SslHandler newSslHandler(ChannelHandlerContext ctx, SslContext sslContext) {
        SslHandler handler = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                        && address.getAddress() != null
                ? sslContext.newHandler(ctx.alloc(), address.getAddress().getHostAddress(), address.getPort())
                : sslContext.newHandler(ctx.alloc());
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }
}
