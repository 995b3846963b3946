package io.thingcore.broker.pipeline;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.thingcore.logtext.LogText;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an exception that reached the end of the pipeline does to its connection: one disconnect, with the reason the
 * exception's kind gives (a TLS failure and a decoder failure are the client's error, an I/O failure the connection
 * lost, anything else the server's). The session stage, the pipeline's last handler, calls it from
 * {@code exceptionCaught}; not a pipeline entry of its own, which would cost every connection a handler context for
 * its life (issue 14). Stateless and shared; runs on the channel's event loop.
 */
public final class ExceptionDisconnects {
    private static final Logger LOG = LoggerFactory.getLogger(ExceptionDisconnects.class);

    private final Disconnector disconnector;

    public ExceptionDisconnects(Disconnector disconnector) {
        this.disconnector = disconnector;
    }

    public void disconnect(ChannelHandlerContext ctx, Throwable cause) {
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
