package io.thingcore.bench.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor broker (see the package): MQTT 3.1.1 over mutual TLS, with only what the bench's scenarios use. A CONNECT
 * is accepted, a SUBSCRIBE granted as asked, a PUBLISH answered with a PUBACK at QoS 1 (MQTT 3.1.1 section 3.3.4) and
 * forwarded to every matching subscription at the lower of the two QoS (section 3.8.4), a PINGREQ answered; the
 * subscribers' PUBACKs are read and dropped, as nothing is kept to resend. Exact filters are found in a hash map and
 * wildcard filters in a list, so that neither point-to-point's thousand exact topics nor fan-in's one {@code +} filter
 * costs a scan. Every connection written to is flushed once per turn of the event loop, after all the reads of that
 * turn (a task run after the I/O), so that a subscriber's deliveries from many publishers share its TLS records and
 * system calls, as thingcore's do.
 *
 * <p>Run as {@code java io.thingcore.bench.floor.FloorBroker <dir> <port>}, with {@code ca.pem}, {@code server.pem}
 * and {@code server.key} in {@code dir} (the files the bench writes for mosquitto); prints {@link #READY} when it
 * listens on 127.0.0.1. Everything runs on its one event loop.
 */
public final class FloorBroker {
    /** Printed once the broker listens. */
    public static final String READY = "floor broker listening";

    /** thingcore's per-direction buffer for BoringSSL's handshake records ({@code ServerTls}). */
    private static final int BIO_NON_APPLICATION_BUFFER_BYTES = 256;

    /** The largest packet the decoder takes: thingcore's default limit, 128 KB (AWS IoT's message size limit). */
    private static final int MAX_PACKET_BYTES = 128 * 1024;

    private FloorBroker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: FloorBroker <dir with ca.pem, server.pem, server.key> <port>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        SslContext tls = tls(dir);
        EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, IoUringIoHandler.newFactory());
        Routes routes = new Routes();
        new ServerBootstrap()
                .group(acceptor, loop)
                .channel(IoUringServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                // As MqttBroker sets them.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(tls.newHandler(ch.alloc()))
                                .addLast(new MqttDecoder(MAX_PACKET_BYTES))
                                .addLast(MqttEncoder.INSTANCE)
                                .addLast(new Client(routes, ch));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", port))
                .sync();
        System.out.println(READY);
        System.out.flush();
        loop.terminationFuture().sync();
    }

    /** The server side of mutual TLS as thingcore's {@code ServerTls} sets it up, trusting the bench's CA. */
    private static SslContext tls(Path dir) throws Exception {
        SslContext context = SslContextBuilder.forServer(
                        new File(dir.resolve("server.pem").toString()),
                        new File(dir.resolve("server.key").toString()))
                .sslProvider(SslProvider.OPENSSL_REFCNT)
                .protocols("TLSv1.3", "TLSv1.2")
                .clientAuth(ClientAuth.REQUIRE)
                .trustManager(new File(dir.resolve("ca.pem").toString()))
                .build();
        if (context instanceof ReferenceCountedOpenSslContext openSsl) {
            openSsl.setBioNonApplicationBufferSize(BIO_NON_APPLICATION_BUFFER_BYTES);
            openSsl.sessionContext().setSessionCacheEnabled(false);
        }
        return context;
    }

    /** One subscription: who, and at which QoS. */
    private record Subscription(Client client, MqttQoS qos) {}

    /** The subscriptions, and the clients written to in the current read batch. One per broker, on its event loop. */
    static final class Routes {
        private final Map<String, List<Subscription>> exact = new HashMap<>();
        private final List<Map.Entry<String, Subscription>> wildcard = new ArrayList<>();
        private final List<Client> unflushed = new ArrayList<>();
        private final Runnable flushAll = this::flushAll;

        void subscribe(String filter, Subscription subscription) {
            if (filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0) {
                wildcard.add(Map.entry(filter, subscription));
            } else {
                exact.computeIfAbsent(filter, f -> new ArrayList<>()).add(subscription);
            }
        }

        void forget(Client client) {
            exact.values().forEach(list -> list.removeIf(s -> s.client() == client));
            exact.values().removeIf(List::isEmpty);
            wildcard.removeIf(e -> e.getValue().client() == client);
        }

        void route(MqttPublishMessage publish) {
            String topic = publish.variableHeader().topicName();
            List<Subscription> direct = exact.get(topic);
            if (direct != null) {
                for (Subscription s : direct) {
                    s.client().deliver(publish, s.qos());
                }
            }
            for (Map.Entry<String, Subscription> e : wildcard) {
                if (matches(e.getKey(), topic)) {
                    e.getValue().client().deliver(publish, e.getValue().qos());
                }
            }
        }

        void written(Client client) {
            if (!client.unflushed) {
                client.unflushed = true;
                if (unflushed.isEmpty()) {
                    client.channel().eventLoop().execute(flushAll);
                }
                unflushed.add(client);
            }
        }

        void flushAll() {
            for (Client c : unflushed) {
                c.unflushed = false;
                c.channel().flush();
            }
            unflushed.clear();
        }

        /**
         * MQTT 3.1.1 section 4.7: {@code +} is one level (an empty one too), {@code #} the rest and the parent level,
         * and neither matches a {@code $} topic at the first level (4.7.2).
         */
        static boolean matches(String filter, String topic) {
            if (!topic.isEmpty() && topic.charAt(0) == '$' && (filter.startsWith("+") || filter.startsWith("#"))) {
                return false;
            }
            int f = 0;
            int t = 0;
            while (true) {
                int fEnd = end(filter, f);
                int length = fEnd - f;
                if (length == 1 && filter.charAt(f) == '#') {
                    return true;
                }
                if (t > topic.length()) {
                    return false;
                }
                int tEnd = end(topic, t);
                boolean anyLevel = length == 1 && filter.charAt(f) == '+';
                if (!anyLevel && (length != tEnd - t || !filter.regionMatches(f, topic, t, length))) {
                    return false;
                }
                if (fEnd == filter.length()) {
                    return tEnd == topic.length();
                }
                f = fEnd + 1;
                t = tEnd + 1;
            }
        }

        private static int end(String s, int from) {
            int slash = s.indexOf('/', from);
            return slash < 0 ? s.length() : slash;
        }
    }

    /** One connection's handler: its next packet identifier, and whether it has writes to flush. */
    static final class Client extends ChannelInboundHandlerAdapter {
        private final Routes routes;
        private final List<String> filters = new ArrayList<>();
        private int lastPacketId;
        private final Channel channel;
        private boolean unflushed;

        Client(Routes routes, Channel channel) {
            this.routes = routes;
            this.channel = channel;
        }

        Channel channel() {
            return channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                MqttMessage message = (MqttMessage) msg;
                if (message.decoderResult().isFailure()) {
                    ctx.close();
                    return;
                }
                switch (message.fixedHeader().messageType()) {
                    case CONNECT ->
                        write(MqttMessageBuilders.connAck()
                                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                                .sessionPresent(false)
                                .build());
                    case SUBSCRIBE -> subscribe((MqttSubscribeMessage) message);
                    case PUBLISH -> publish((MqttPublishMessage) message);
                    case PINGREQ ->
                        write(new MqttMessage(
                                new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                    case DISCONNECT -> ctx.close();
                    default -> {
                        // PUBACK of a delivery: nothing is kept to resend, so nothing to free.
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!filters.isEmpty()) {
                routes.forget(this);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void subscribe(MqttSubscribeMessage subscribe) {
            List<Integer> granted = new ArrayList<>();
            for (MqttTopicSubscription s : subscribe.payload().topicSubscriptions()) {
                MqttQoS qos =
                        s.qualityOfService() == MqttQoS.EXACTLY_ONCE ? MqttQoS.AT_LEAST_ONCE : s.qualityOfService();
                routes.subscribe(s.topicFilter(), new Subscription(this, qos));
                filters.add(s.topicFilter());
                granted.add(qos.value());
            }
            MqttSubAckMessage subAck = new MqttSubAckMessage(
                    new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    MqttMessageIdVariableHeader.from(subscribe.variableHeader().messageId()),
                    new MqttSubAckPayload(granted));
            write(subAck);
        }

        private void publish(MqttPublishMessage publish) {
            if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                MqttPubAckMessage pubAck = new MqttPubAckMessage(
                        new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                        MqttMessageIdVariableHeader.from(
                                publish.variableHeader().packetId()));
                write(pubAck);
            }
            routes.route(publish);
        }

        /** Writes {@code publish} to this client at the lower of its QoS and {@code granted}. */
        void deliver(MqttPublishMessage publish, MqttQoS granted) {
            MqttQoS qos =
                    MqttQoS.valueOf(Math.min(publish.fixedHeader().qosLevel().value(), granted.value()));
            int packetId = -1;
            if (qos != MqttQoS.AT_MOST_ONCE) {
                lastPacketId = lastPacketId == 65535 ? 1 : lastPacketId + 1;
                packetId = lastPacketId;
            }
            ByteBuf payload = publish.payload().retainedDuplicate();
            write(new MqttPublishMessage(
                    new MqttFixedHeader(MqttMessageType.PUBLISH, false, qos, false, 0),
                    new MqttPublishVariableHeader(publish.variableHeader().topicName(), packetId),
                    payload));
        }

        private void write(Object message) {
            channel.write(message, channel.voidPromise());
            routes.written(this);
        }
    }
}
