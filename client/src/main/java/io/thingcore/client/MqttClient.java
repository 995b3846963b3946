package io.thingcore.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One MQTT 3.1.1 connection over mutual TLS. Non-blocking: every method returns at once, results arrive through
 * {@link CompletableFuture}s completed on the connection's event loop (so dependent stages must not block either;
 * use the {@code ...Async} variants or {@code join()} from another thread). Methods may be called from any thread.
 *
 * <pre>{@code
 * EventLoopGroup group = MqttClient.newEventLoopGroup(1);
 * ClientTls tls = ClientTls.fromPemFiles(cert, key, serverCa, TlsEngine.AUTO);
 * MqttClient client = MqttClient.connect(group, tls, MqttClientOptions.of("localhost", 8883, "DIC_EXPLORER"),
 *         (topic, payload, qos, retain) -> ...).join();
 * client.subscribe(List.of("light/#"), MqttQoS.AT_MOST_ONCE).join();
 * client.publish("command", "toggle", MqttQoS.AT_LEAST_ONCE, false).join();
 * client.disconnect().join();
 * }</pre>
 */
public final class MqttClient {
    /** Pipeline handler names. */
    static final String TLS = "tls";

    static final String DECODER = "mqtt-decoder";
    static final String ENCODER = "mqtt-encoder";
    static final String CLIENT = "mqtt-client";

    /** SUBACK's failure return code (MQTT 3.1.1 section 3.9.3). */
    public static final int SUBACK_FAILURE = 0x80;

    private final Channel channel;
    private final ClientHandler handler;
    private final MqttClientOptions options;

    private MqttClient(Channel channel, ClientHandler handler, MqttClientOptions options) {
        this.channel = channel;
        this.handler = handler;
        this.options = options;
    }

    /**
     * An event-loop group for clients: NIO, daemon threads. One group serves many clients (the benchmark runs
     * thousands on a few threads); shut it down when done.
     *
     * @param threads 0 for Netty's default (twice the processors)
     */
    public static EventLoopGroup newEventLoopGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("mqtt-client", true), NioIoHandler.newFactory());
    }

    /**
     * Connects: TCP, TLS (SNI = {@link MqttClientOptions#serverName()}), CONNECT. The future completes with the client
     * once the CONNACK accepts, or fails with an {@link MqttConnectException} that says why not.
     *
     * @param group an NIO event-loop group, e.g. {@link #newEventLoopGroup}
     */
    public static CompletableFuture<MqttClient> connect(
            EventLoopGroup group, ClientTls tls, MqttClientOptions options, MessageListener listener) {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(listener, "listener");
        ClientHandler handler = new ClientHandler(options, listener);
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(TLS, tls.newHandler(ch.alloc(), options.serverName(), options.port()))
                                .addLast(DECODER, new MqttDecoder(options.maxPacketBytes()))
                                .addLast(ENCODER, MqttEncoder.INSTANCE)
                                .addLast(CLIENT, handler);
                    }
                });
        ChannelFuture connecting = options.bindAddress() == null
                ? bootstrap.connect(options.host(), options.port())
                : bootstrap.connect(
                        InetSocketAddress.createUnresolved(options.host(), options.port()),
                        new InetSocketAddress(options.bindAddress(), 0));
        MqttClient client = new MqttClient(connecting.channel(), handler, options);
        connecting.addListener(done -> {
            if (!done.isSuccess()) {
                handler.failConnect(unreachable(options, done.cause()));
            }
        });
        return handler.connected().thenApply(result -> client);
    }

    private static MqttConnectException unreachable(MqttClientOptions options, Throwable cause) {
        String message;
        if (cause instanceof UnknownHostException) {
            message = "unknown host " + options.host();
        } else if (cause instanceof ConnectTimeoutException) {
            message = "timed out connecting to " + options.address();
        } else if (cause instanceof ConnectException) {
            message = "connection refused by " + options.address() + " (is the gateway running, on this MQTT port?)";
        } else {
            message = "cannot connect to " + options.address() + ": " + ClientHandler.describe(cause);
        }
        return new MqttConnectException(MqttConnectException.Failure.UNREACHABLE, message, null, cause);
    }

    /**
     * Publishes {@code payload}, whose ownership passes to the client (it is released once written). QoS 0 completes
     * when the packet is written, QoS 1 on its PUBACK. QoS 2 is not offered (AWS IoT refuses it).
     */
    public CompletableFuture<Void> publish(String topic, ByteBuf payload, MqttQoS qos, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        if (qos == MqttQoS.EXACTLY_ONCE || qos == MqttQoS.FAILURE) {
            payload.release();
            throw new IllegalArgumentException("QoS " + qos + " is not supported; use 0 or 1");
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            handler.publish(topic, payload, qos, retain, result);
        } else {
            loop.execute(() -> handler.publish(topic, payload, qos, retain, result));
        }
        return result;
    }

    /** Publishes a byte array (wrapped, not copied: do not change it until the future completes). */
    public CompletableFuture<Void> publish(String topic, byte[] payload, MqttQoS qos, boolean retain) {
        return publish(topic, Unpooled.wrappedBuffer(payload), qos, retain);
    }

    /** Publishes UTF-8 text. */
    public CompletableFuture<Void> publish(String topic, String payload, MqttQoS qos, boolean retain) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    /**
     * Subscribes to {@code filters} at {@code qos} (0 or 1) in one SUBSCRIBE; completes with the SUBACK's return
     * codes, one per filter in order: the granted QoS, or {@link #SUBACK_FAILURE}.
     */
    public CompletableFuture<List<Integer>> subscribe(List<String> filters, MqttQoS qos) {
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("SUBSCRIBE needs at least one topic filter");
        }
        if (qos != MqttQoS.AT_MOST_ONCE && qos != MqttQoS.AT_LEAST_ONCE) {
            throw new IllegalArgumentException("subscriptions are at QoS 0 or 1, not " + qos);
        }
        List<String> copy = List.copyOf(filters);
        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        onLoop(() -> handler.subscribe(copy, qos, result));
        return result;
    }

    /** Unsubscribes from {@code filters}; completes on the UNSUBACK. */
    public CompletableFuture<Void> unsubscribe(List<String> filters) {
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("UNSUBSCRIBE needs at least one topic filter");
        }
        List<String> copy = List.copyOf(filters);
        CompletableFuture<Void> result = new CompletableFuture<>();
        onLoop(() -> handler.unsubscribe(copy, result));
        return result;
    }

    /** Sends DISCONNECT and closes; completes when the connection is closed. Safe to call more than once. */
    public CompletableFuture<Void> disconnect() {
        onLoop(handler::disconnect);
        return handler.closed().exceptionally(ignored -> null);
    }

    /**
     * Completes when the connection closes: normally after {@link #disconnect()}, exceptionally with a {@link
     * ConnectionClosedException} (its cause, if any, says why) when the server or the network ended it.
     */
    public CompletableFuture<Void> closeFuture() {
        return handler.closed();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    public MqttClientOptions options() {
        return options;
    }

    /** The CONNACK this client was accepted with. */
    public ConnectResult connectResult() {
        return handler.connected().getNow(null);
    }

    /** The underlying channel (for metrics and tests). */
    public Channel channel() {
        return channel;
    }

    private void onLoop(Runnable task) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
