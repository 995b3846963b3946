package io.thingcore.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.thingcore.client.ClientTls;
import io.thingcore.client.TlsEngine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Opens and drives load connections: mutual TLS with netty-tcnative BoringSSL on the client side (one TLS context per
 * device certificate and target, built once), SNI {@code localhost}, each connection bound to one of {@value
 * #SOURCE_ADDRESSES} loopback source addresses (127.0.0.2 and up) so ephemeral ports never run out. Sockets on Netty's
 * native epoll transport where it loads, as the broker's listener: the generator's one core is the limit of several
 * scenarios, and NIO's selector costs it more per read and write than the broker pays for the same messages.
 */
final class Generator implements AutoCloseable {
    static final int SOURCE_ADDRESSES = 32;

    /** The open loop's tick ({@link #pace}). */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    static final String SERVER_NAME = "localhost";

    /**
     * The key exchanges offered to every target, so both negotiate X25519: BoringSSL on both ends would otherwise
     * agree on the hybrid X25519MLKEM768, which Debian's OpenSSL 3.0 behind mosquitto does not have, and the connect
     * storm would compare two different handshakes.
     */
    static final List<String> KEY_EXCHANGE_GROUPS = List.of("X25519", "P-256");

    /** Whether the sockets are epoll's (else NIO's); the report names it. */
    static final boolean EPOLL = Epoll.isAvailable();

    private final EventLoopGroup group;
    private final BenchPki pki;
    private final Map<String, ClientTls> tls = new ConcurrentHashMap<>();

    Generator(BenchPki pki, int threads) {
        this.pki = pki;
        // Netty's default leak detection records a stack trace for one buffer in 128: 2.4% of the generator's core in a
        // fan-in run (async-profiler), where that core is the figure's limit. Left as asked when the property is set
        // (the build's tests run it paranoid).
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        this.group = new MultiThreadIoEventLoopGroup(
                threads,
                new DefaultThreadFactory("load", true),
                EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    BenchPki pki() {
        return pki;
    }

    private ClientTls tls(Target target, int device) {
        return tls.computeIfAbsent(target.name() + "/" + device, key -> {
            BenchPki.Device d = pki.devices().get(device);
            // No resumption: every connection of the storm (and of the idle scenario) is a full handshake with a
            // client certificate, as the issue asks, on both targets.
            return ClientTls.of(
                            List.of(d.certificate()),
                            d.key(),
                            target.serverCa(),
                            TlsEngine.OPENSSL,
                            KEY_EXCHANGE_GROUPS)
                    .withoutSessionResumption();
        });
    }

    /** Builds the TLS contexts for every device ahead of a connect storm, so the storm measures handshakes only. */
    void prepare(Target target) {
        for (int i = 0; i < pki.devices().size(); i++) {
            tls(target, i);
        }
    }

    CompletableFuture<LoadConnection> open(Target target, int device, String clientId, int index, Stats stats) {
        LoadConnection connection = new LoadConnection(clientId, stats, 600);
        ClientTls clientTls = tls(target, device);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(EPOLL ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler ssl = clientTls.newHandler(ch.alloc(), SERVER_NAME, target.port());
                        ssl.setHandshakeTimeoutMillis(30_000);
                        ch.pipeline()
                                .addLast("tls", ssl)
                                .addLast("mqtt-decoder", new MqttDecoder(64 * 1024))
                                .addLast("mqtt-encoder", MqttEncoder.INSTANCE)
                                .addLast("load", connection);
                    }
                });
        InetSocketAddress source = new InetSocketAddress("127.0.0." + (2 + index % SOURCE_ADDRESSES), 0);
        bootstrap
                .connect(new InetSocketAddress("127.0.0.1", target.port()), source)
                .addListener(done -> {
                    if (!done.isSuccess()) {
                        connection.fail(done.cause());
                    }
                });
        return connection.connected();
    }

    /** The outcome of {@link #connectAll}: the open connections and when the last one was accepted. */
    record Opened(List<LoadConnection> connections, long failed, long startNanos, long lastAcceptedNanos) {}

    /**
     * Opens {@code count} connections, at most {@code concurrency} handshakes in flight; connection {@code i} uses
     * device {@code deviceOf(i)} and client ID {@code clientIdOf(i)}. Waits at most {@code timeout}.
     */
    Opened connectAll(
            Target target,
            int count,
            IntFunction<Integer> deviceOf,
            IntFunction<String> clientIdOf,
            Stats stats,
            int concurrency,
            Duration timeout) {
        Semaphore permits = new Semaphore(concurrency);
        AtomicLong last = new AtomicLong();
        List<CompletableFuture<LoadConnection>> pending = new ArrayList<>(count);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            for (int i = 0; i < count; i++) {
                if (!permits.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    break;
                }
                CompletableFuture<LoadConnection> f = open(target, deviceOf.apply(i), clientIdOf.apply(i), i, stats);
                f.whenComplete((c, e) -> {
                    if (e == null) {
                        last.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                    permits.release();
                });
                pending.add(f);
            }
            permits.tryAcquire(concurrency, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<LoadConnection> open = new ArrayList<>(count);
        long failed = count - pending.size();
        for (CompletableFuture<LoadConnection> f : pending) {
            LoadConnection c = f.getNow(null);
            if (c == null || f.isCompletedExceptionally()) {
                failed++;
                f.cancel(false);
            } else {
                open.add(c);
            }
        }
        stats.failed.add(failed);
        return new Opened(open, failed, start, last.get() == 0 ? System.nanoTime() : last.get());
    }

    /** Disconnects every connection and waits (bounded) until they are closed. */
    void closeAll(List<LoadConnection> connections) {
        for (LoadConnection c : connections) {
            c.disconnect();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (LoadConnection c : connections) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !c.channel().closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) {
                c.channel().close();
            }
        }
    }

    /**
     * Open-loop publishing at {@code ratePerSecond} in total over {@code publishers}, round robin, whatever the
     * broker's pace: a 1 ms tick on each event loop sends what is due by then, each message stamped with its
     * <em>intended</em> send time (so a stalled broker shows up as latency, not as a lower offered rate). A message
     * whose connection is not writable or has {@code maxInFlight} QoS 1 messages unacknowledged is skipped and
     * counted in {@link Stats#skipped}. {@code phaseNanos} (less than a tick) delays the ticks and the intended send
     * times, so that two brokers driven at once get their messages half a tick apart. Stop with the returned handle.
     */
    AutoCloseable pace(
            List<LoadConnection> publishers, double ratePerSecond, int maxInFlight, Stats stats, long phaseNanos) {
        Map<EventLoop, List<LoadConnection>> byLoop = new LinkedHashMap<>();
        for (LoadConnection c : publishers) {
            byLoop.computeIfAbsent(c.channel().eventLoop(), k -> new ArrayList<>())
                    .add(c);
        }
        List<ScheduledFuture<?>> ticks = new ArrayList<>();
        for (Map.Entry<EventLoop, List<LoadConnection>> e : byLoop.entrySet()) {
            List<LoadConnection> mine = e.getValue();
            double rate = ratePerSecond * mine.size() / publishers.size();
            long start = System.nanoTime() + phaseNanos;
            long[] due = {0};
            int[] next = {0};
            boolean[] dirty = new boolean[mine.size()];
            ticks.add(e.getKey()
                    .scheduleAtFixedRate(
                            () -> {
                                long now = System.nanoTime();
                                // Message k is due at start + k / rate: every message due by now, the one due at
                                // this very tick included. Counting only those due before it (no + 1) sent each
                                // message one tick late, which at 1,000 msg/s added a whole millisecond to every
                                // latency of either broker (p50 1.34 ms before, 0.40 ms after).
                                long target = (long) ((now - start) * rate / 1e9) + 1;
                                // More than 100 ms behind: the generator itself stalled; skip rather than burst.
                                long floor = target - (long) (rate / 10);
                                if (due[0] < floor) {
                                    stats.skipped.add(floor - due[0]);
                                    due[0] = floor;
                                }
                                while (due[0] < target && stats.publishing) {
                                    long intended = start + (long) (due[0] * 1e9 / rate);
                                    int i = next[0];
                                    next[0] = (i + 1) % mine.size();
                                    LoadConnection c = mine.get(i);
                                    if (c.canSend(maxInFlight)) {
                                        c.publish(intended);
                                        dirty[i] = true;
                                    } else {
                                        stats.skipped.increment();
                                    }
                                    due[0]++;
                                }
                                for (int i = 0; i < dirty.length; i++) {
                                    if (dirty[i]) {
                                        dirty[i] = false;
                                        mine.get(i).channel().flush();
                                    }
                                }
                            },
                            phaseNanos,
                            TICK_NANOS,
                            TimeUnit.NANOSECONDS));
        }
        return () -> ticks.forEach(t -> t.cancel(false));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
