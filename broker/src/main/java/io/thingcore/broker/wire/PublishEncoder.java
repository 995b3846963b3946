package io.thingcore.broker.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.jspecify.annotations.Nullable;

/**
 * Writes each {@link OutboundPublish} as its message's shared head, its own DUP, RETAIN and packet identifier, and
 * the payload, in one buffer ({@link PublishHeads}); passes every other write on to Netty's {@code MqttEncoder}, which
 * sits below it. Byte for byte what Netty's encoder writes for the same message ({@code PublishEncoderTest}), without
 * encoding and validating the topic again per delivery: the topic was checked when it was published.
 *
 * <p>Stateless and shared by every channel; runs on the writing channel's event loop.
 */
@ChannelHandler.Sharable
public final class PublishEncoder extends ChannelOutboundHandlerAdapter {
    public static final PublishEncoder INSTANCE = new PublishEncoder();

    private PublishEncoder() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof OutboundPublish publish) {
            PublishHeads.@Nullable Head head = publish.head();
            if (head != null) {
                ByteBuf encoded;
                try {
                    encoded = head.encode(
                            ctx.alloc(),
                            publish.fixedHeader().isDup(),
                            publish.fixedHeader().isRetain(),
                            publish.variableHeader().packetId(),
                            publish.payload());
                } finally {
                    publish.release();
                }
                ctx.write(encoded, promise);
                return;
            }
        }
        ctx.write(msg, promise);
    }
}
