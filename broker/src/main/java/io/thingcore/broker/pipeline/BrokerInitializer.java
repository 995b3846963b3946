package io.thingcore.broker.pipeline;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.thingcore.broker.connect.ConnectHandler;
import io.thingcore.broker.session.SessionHandler;
import io.thingcore.broker.tls.ClientCertificateHandler;
import io.thingcore.broker.tls.SniCapture;

/** Builds every connection's pipeline, in one place (DESIGN section 3). */
public final class BrokerInitializer extends ChannelInitializer<Channel> {
    /**
     * Client IDs are checked by the CONNECT stage (AWS's byte limit, with the right CONNACK code), so the decoder's
     * own character limit is set out of the way.
     */
    private static final int DECODER_CLIENT_ID_LIMIT = 65535;

    private final BrokerServices services;
    private final SslContext sslContext;
    private final DecodeGuard decodeGuard;
    private final ExceptionHandler exceptionHandler;

    public BrokerInitializer(BrokerServices services, SslContext sslContext) {
        this.services = services;
        this.sslContext = sslContext;
        this.decodeGuard = new DecodeGuard(services.disconnector());
        this.exceptionHandler = new ExceptionHandler(services.disconnector());
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline p = channel.pipeline();
        p.addLast(
                HandlerNames.SNI,
                new SniCapture(sslContext, services.config().handshakeTimeout().toMillis(), HandlerNames.SSL));
        p.addLast(HandlerNames.CLIENT_CERTIFICATE, new ClientCertificateHandler(services, HandlerNames.SSL));
        addMqttHandlers(p, services, decodeGuard, exceptionHandler);
    }

    /**
     * The handlers after TLS: codec, decode guard, CONNECT stage, session stage, exception handler. Separate so that
     * handler tests can run them over an {@code EmbeddedChannel} without TLS.
     */
    public static void addMqttHandlers(
            ChannelPipeline p, BrokerServices services, DecodeGuard decodeGuard, ExceptionHandler exceptionHandler) {
        p.addLast(
                HandlerNames.MQTT_DECODER,
                new MqttDecoder(services.config().limits().maxPacketBytes(), DECODER_CLIENT_ID_LIMIT));
        p.addLast(HandlerNames.MQTT_ENCODER, MqttEncoder.INSTANCE);
        p.addLast(HandlerNames.DECODE_GUARD, decodeGuard);
        p.addLast(HandlerNames.CONNECT, new ConnectHandler(services));
        p.addLast(HandlerNames.SESSION, new SessionHandler(services));
        p.addLast(HandlerNames.EXCEPTION, exceptionHandler);
    }

    /** As {@link #addMqttHandlers(ChannelPipeline, BrokerServices, DecodeGuard, ExceptionHandler)} with new guards. */
    public static void addMqttHandlers(ChannelPipeline p, BrokerServices services) {
        addMqttHandlers(
                p, services, new DecodeGuard(services.disconnector()), new ExceptionHandler(services.disconnector()));
    }
}
