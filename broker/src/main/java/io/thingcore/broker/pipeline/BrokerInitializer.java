package io.thingcore.broker.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.thingcore.broker.connect.ConnectHandler;
import io.thingcore.broker.handshake.HandshakePacer;
import io.thingcore.broker.session.SessionStage;
import io.thingcore.broker.tls.ClientCertificateHandler;
import io.thingcore.broker.tls.FirstRecordWriter;
import io.thingcore.broker.tls.SniCapture;
import io.thingcore.broker.wire.PublishEncoder;

/** Builds every connection's pipeline, in one place (docs/architecture.md, "The broker's pipeline"). */
public final class BrokerInitializer extends ChannelInitializer<Channel> {
    /**
     * Client IDs are checked by the CONNECT stage (AWS's byte limit, with the right CONNACK code), so the decoder's
     * own character limit is set out of the way.
     */
    private static final int DECODER_CLIENT_ID_LIMIT = 65535;

    /**
     * The stateless handlers, one instance each for every connection: what a connection keeps is its
     * {@code Connection}, and each handler here costs it one pipeline context, not an object of its own.
     */
    public record SharedHandlers(DecodeGuard decodeGuard, SessionStage session, ExceptionHandler exceptionHandler) {

        public static SharedHandlers create(BrokerServices services) {
            return new SharedHandlers(
                    new DecodeGuard(services.disconnector()),
                    new SessionStage(services),
                    new ExceptionHandler(services.disconnector()));
        }
    }

    private final BrokerServices services;
    private final SslContext sslContext;
    private final SharedHandlers shared;

    public BrokerInitializer(BrokerServices services, SslContext sslContext) {
        this.services = services;
        this.sslContext = sslContext;
        this.shared = SharedHandlers.create(services);
    }

    @Override
    protected void initChannel(Channel channel) {
        services.counters().tcpConnectionAccepted();
        ChannelPipeline p = channel.pipeline();
        p.addLast(HandlerNames.HANDSHAKE_PACER, new HandshakePacer());
        p.addLast(
                HandlerNames.SNI,
                new SniCapture(sslContext, services.config().handshakeTimeout().toMillis(), HandlerNames.SSL));
        p.addLast(HandlerNames.CLIENT_CERTIFICATE, new ClientCertificateHandler(services, HandlerNames.SSL));
        p.addLast(HandlerNames.FIRST_RECORD, new FirstRecordWriter());
        addMqttHandlers(p, services, shared);
    }

    /**
     * The handlers after TLS: the CONNECT fields check, the packet read bound, codec (with the PUBLISH encoder), decode
     * guard, CONNECT stage, the session stage (every packet type of a connected client, and the end of the
     * connection), the exception handler.
     * Separate so that handler tests can run them over an {@code EmbeddedChannel} without TLS.
     */
    public static void addMqttHandlers(ChannelPipeline p, BrokerServices services, SharedHandlers shared) {
        p.addLast(
                HandlerNames.CONNECT_FIELDS,
                new ConnectFieldsCheck(services.config().limits().maxPacketBytes()));
        p.addLast(
                HandlerNames.PACKET_READ_BOUND,
                new PacketReadBound(services.disconnector(), services.config().packetReadTimeout()));
        p.addLast(
                HandlerNames.MQTT_DECODER,
                new MqttDecoder(services.config().limits().maxPacketBytes(), DECODER_CLIENT_ID_LIMIT));
        p.addLast(HandlerNames.MQTT_ENCODER, MqttEncoder.INSTANCE);
        p.addLast(HandlerNames.PUBLISH_ENCODER, PublishEncoder.INSTANCE);
        p.addLast(HandlerNames.DECODE_GUARD, shared.decodeGuard());
        p.addLast(HandlerNames.CONNECT, new ConnectHandler(services));
        p.addLast(HandlerNames.SESSION, shared.session());
        p.addLast(HandlerNames.EXCEPTION, shared.exceptionHandler());
    }

    /** As {@link #addMqttHandlers(ChannelPipeline, BrokerServices, SharedHandlers)} with new shared handlers. */
    public static void addMqttHandlers(ChannelPipeline p, BrokerServices services) {
        addMqttHandlers(p, services, SharedHandlers.create(services));
    }
}
