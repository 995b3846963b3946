package io.thingcore.broker.pipeline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.logtext.LogText;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's last handler: every exception ends here and becomes one disconnect; anything read that no stage
 * consumed is released. Stateless and shared.
 */
@ChannelHandler.Sharable
public final class ExceptionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);

    private final Disconnector disconnector;

    public ExceptionHandler(Disconnector disconnector) {
        this.disconnector = disconnector;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
            LOG.debug("TLS failure from {}: {}", ctx.channel().remoteAddress(), LogText.line(cause));
            disconnector.disconnect(ctx.channel(), DisconnectReason.CLIENT_ERROR, "TLS: " + cause.getMessage());
        } else if (cause instanceof IOException) {
            LOG.debug("I/O failure on {}: {}", ctx.channel().remoteAddress(), LogText.line(cause));
            ctx.channel().attr(Disconnector.REASON).setIfAbsent(DisconnectReason.CONNECTION_LOST);
            ctx.close();
        } else if (cause instanceof DecoderException) {
            disconnector.disconnect(ctx.channel(), DisconnectReason.CLIENT_ERROR, cause.toString());
        } else {
            LOG.warn("unexpected failure on {}", ctx.channel().remoteAddress(), cause);
            disconnector.disconnect(ctx.channel(), DisconnectReason.SERVER_ERROR, cause.toString());
        }
    }
}
