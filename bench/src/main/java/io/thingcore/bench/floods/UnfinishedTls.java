package io.thingcore.bench.floods;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds {@code count} TCP connections that sent the 5-byte header of a TLS handshake record (RFC 8446 section 5.1:
 * content type 22, legacy version, a 512-byte length) and nothing after it: the gateway waits for a ClientHello that
 * never comes. Each connection the gateway closes (its handshake timeout) is reopened, so the number held stays
 * constant.
 */
final class UnfinishedTls implements FloodLoad {
    private static final byte[] RECORD_HEADER = {0x16, 0x03, 0x01, 0x02, 0x00};

    private final InetSocketAddress gateway;
    private final List<SocketChannel> held = new ArrayList<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> FloodContext.daemon(r, "flood-unfinished-tls"));
    private final AtomicLong reopened = new AtomicLong();
    private final AtomicLong failedOpens = new AtomicLong();

    UnfinishedTls(FloodContext context, int count) {
        this.gateway = new InetSocketAddress(FloodContext.HOST, context.port());
        timer.execute(() -> {
            for (int i = 0; i < count; i++) {
                open().ifPresent(held::add);
            }
        });
        timer.scheduleWithFixedDelay(this::replaceClosed, 250, 250, TimeUnit.MILLISECONDS);
    }

    private java.util.Optional<SocketChannel> open() {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(FloodContext.FLOOD_SOURCE, 0));
            channel.connect(gateway);
            channel.write(ByteBuffer.wrap(RECORD_HEADER));
            channel.configureBlocking(false);
            return java.util.Optional.of(channel);
        } catch (IOException e) {
            if (channel != null) {
                closeQuietly(channel);
            }
            failedOpens.incrementAndGet();
            return java.util.Optional.empty();
        }
    }

    /** Runs on the timer thread, the only one touching {@link #held}. */
    private void replaceClosed() {
        ByteBuffer sink = ByteBuffer.allocate(512);
        for (int i = 0; i < held.size(); i++) {
            SocketChannel channel = held.get(i);
            boolean closed;
            try {
                sink.clear();
                closed = channel.read(sink) < 0;
            } catch (IOException e) {
                closed = true;
            }
            if (closed) {
                closeQuietly(channel);
                reopened.incrementAndGet();
                SocketChannel fresh = open().orElse(null);
                if (fresh == null) {
                    held.remove(i--);
                } else {
                    held.set(i, fresh);
                }
            }
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closed by the peer: nothing to release.
        }
    }

    @Override
    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "%,d closed by the gateway and reopened, %,d opens failed",
                reopened.get(),
                failedOpens.get());
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        held.forEach(UnfinishedTls::closeQuietly);
    }
}
