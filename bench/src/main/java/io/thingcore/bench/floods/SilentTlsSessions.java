package io.thingcore.bench.floods;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds {@code count} mutual-TLS sessions made with registered certificates that never send CONNECT (MQTT 3.1.1
 * section 3.1 says the server should close such a connection after a reasonable time). Each session the gateway closes
 * is reopened, so every reopening costs the gateway a full handshake.
 */
final class SilentTlsSessions implements FloodLoad {
    private final FloodContext context;
    private final int count;
    private final ConcurrentHashMap.KeySetView<Channel, Boolean> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> FloodContext.daemon(r, "flood-silent-tls"));
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong closedByGateway = new AtomicLong();
    private volatile boolean running = true;
    private int next;

    SilentTlsSessions(FloodContext context, int count) {
        this.context = context;
        this.count = count;
        timer.scheduleWithFixedDelay(this::topUp, 0, 250, TimeUnit.MILLISECONDS);
    }

    /** Runs on the timer thread: opens sessions until {@code count} are open (or being opened). */
    private void topUp() {
        while (running && open.size() < count) {
            int device = next++;
            Channel channel = new Bootstrap()
                    .group(context.group())
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(context.registeredTls(device)
                                            .newHandler(ch.alloc(), FloodContext.SERVER_NAME, context.port()))
                                    .addLast(new Silent());
                        }
                    })
                    .connect(
                            new InetSocketAddress(FloodContext.HOST, context.port()),
                            new InetSocketAddress(FloodContext.FLOOD_SOURCE, 0))
                    .channel();
            open.add(channel);
            channel.closeFuture().addListener(done -> open.remove(channel));
        }
    }

    /** Counts handshakes and closures; discards anything the gateway sends. */
    private final class Silent extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent completion && completion.isSuccess()) {
                handshakes.incrementAndGet();
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (running) {
                closedByGateway.incrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%,d handshakes completed, %,d sessions closed by the gateway and reopened",
                handshakes.get(),
                closedByGateway.get());
    }

    @Override
    public void close() {
        running = false;
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.forEach(Channel::close);
    }
}
