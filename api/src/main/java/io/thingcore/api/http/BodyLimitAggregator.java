package io.thingcore.api.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.UUID;

/**
 * {@link HttpObjectAggregator} whose "too large" answers are AWS-shaped: 413 {@code RequestEntityTooLargeException}
 * with the usual headers (the name the AWS IoT Data Plane API Reference gives 413), then the connection is closed
 * because the rest of the body is still on the wire. The largest legal body is a ~400 KB policy document.
 */
public final class BodyLimitAggregator extends HttpObjectAggregator {
    private final int maxContentLength;

    public BodyLimitAggregator(int maxContentLength) {
        super(maxContentLength);
        this.maxContentLength = maxContentLength;
    }

    private FullHttpResponse tooLarge() {
        FullHttpResponse response = Responses.error(
                new ApiException(
                        "RequestEntityTooLargeException",
                        413,
                        "The request body exceeds the limit of " + maxContentLength + " bytes"),
                UUID.randomUUID().toString());
        HttpUtil.setKeepAlive(response, false);
        return response;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ReferenceCountUtil.release(oversized);
        ctx.writeAndFlush(tooLarge()).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof FullHttpResponse full
                && full.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
            full.release();
            return tooLarge();
        }
        return response;
    }

    @Override
    protected boolean closeAfterContinueResponse(Object msg) {
        return msg instanceof FullHttpResponse full
                && full.status().code() == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code();
    }
}
