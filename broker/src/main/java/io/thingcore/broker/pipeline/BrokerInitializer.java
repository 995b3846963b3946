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

    private final BrokerServices services;
    private final SslContext sslContext;
    /**
     * Stateless, one instance for every connection: what a connection keeps is its {@code Connection}, and the stage
     * costs it one pipeline context, not an object of its own.
     */
    private final SessionStage session;

    public BrokerInitializer(BrokerServices services, SslContext sslContext) {
        this.services = services;
        this.sslContext = sslContext;
        this.session = new SessionStage(services);
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
        addMqttHandlers(p, services, session);
    }

    /**
     * The handlers after TLS: the CONNECT fields check, the packet read bound, codec (with the PUBLISH encoder), the
     * CONNECT stage, the session stage (every packet type of a connected client, the end of the connection, and every
     * exception: it is the last handler). Both stages refuse a failed decode first ({@link DecodeGuard}).
     * Separate so that handler tests can run them over an {@code EmbeddedChannel} without TLS.
     */
    public static void addMqttHandlers(ChannelPipeline p, BrokerServices services, SessionStage session) {
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
        p.addLast(HandlerNames.CONNECT, new ConnectHandler(services));
        p.addLast(HandlerNames.SESSION, session);
    }

    /** As {@link #addMqttHandlers(ChannelPipeline, BrokerServices, SessionStage)} with a new session stage. */
    public static void addMqttHandlers(ChannelPipeline p, BrokerServices services) {
        addMqttHandlers(p, services, new SessionStage(services));
    }
}
