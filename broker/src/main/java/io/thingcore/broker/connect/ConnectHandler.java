package io.thingcore.broker.connect;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.Semantics;
import io.thingcore.broker.auth.Actions;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.events.EventPublisher;
import io.thingcore.broker.events.Lifecycle;
import io.thingcore.broker.handshake.HandshakeTurns;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DecodeGuard;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import io.thingcore.broker.session.ClientLimits;
import io.thingcore.broker.session.Connection;
import io.thingcore.broker.session.ForwardedProperties;
import io.thingcore.broker.session.SessionRegistry;
import io.thingcore.broker.tls.PeerAuthenticated;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.logtext.LogText;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CONNECT stage. Refusals follow AWS (AWS IoT Developer Guide, "MQTT": its reason codes for MQTT 5, its 2022
 * version for the MQTT 3.1.1 drop): an MQTT 3.1.1 client that may not connect is dropped without CONNACK
 * ({@link Semantics#mqtt311DenialCloses()}); an MQTT 5 client gets CONNACK with the reason code, then the connection
 * closes. The MQTT username and password are ignored:
 * identity comes from the certificate alone.
 */
public final class ConnectHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    private final BrokerServices services;
    private @Nullable ScheduledFuture<?> timeout;

    public ConnectHandler(BrokerServices services) {
        this.services = services;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof PeerAuthenticated) {
            long millis = services.config().connectTimeout().toMillis();
            // The close takes a handshake turn (docs/adr/0018-handshake-pacing.md): sessions opened in a burst
            // expire in a burst, and closing a thousand TLS sessions at once would hold connected clients' packets.
            timeout = ctx.executor()
                    .schedule(
                            () -> HandshakeTurns.waitTurn(ctx.channel(), () -> {
                                // A CONNECT that came while the close waited for its turn was handled: it stays.
                                if (!ctx.isRemoved()) {
                                    services.disconnector()
                                            .disconnect(
                                                    ctx.channel(),
                                                    DisconnectReason.CLIENT_ERROR,
                                                    "no CONNECT within " + millis + " ms");
                                }
                            }),
                            millis,
                            TimeUnit.MILLISECONDS);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimeout();
        ctx.fireChannelInactive();
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (DecodeGuard.refused(ctx, msg, services.disconnector())) {
            return;
        }
        try {
            if (!(msg instanceof MqttConnectMessage connect)) {
                // MQTT 3.1.0-1: the first packet must be CONNECT.
                services.disconnector()
                        .disconnect(
                                ctx.channel(), DisconnectReason.CLIENT_ERROR, "first packet is not CONNECT: " + msg);
                return;
            }
            PeerCertificate peer = ctx.channel().attr(PeerCertificate.KEY).get();
            if (peer == null) {
                services.disconnector()
                        .disconnect(ctx.channel(), DisconnectReason.AUTH_ERROR, "CONNECT without certificate");
                return;
            }
            connect(ctx, connect, peer);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage msg, PeerCertificate peer) {
        Channel channel = ctx.channel();
        BrokerConfig config = services.config();
        Semantics semantics = config.semantics();
        MqttConnectVariableHeader header = msg.variableHeader();
        MqttConnectPayload payload = msg.payload();
        MqttVersion version = versionOf(header);
        boolean v5 = version == MqttVersion.MQTT_5;
        if (version != MqttVersion.MQTT_3_1_1 && !v5) {
            refuse(
                    channel,
                    MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION,
                    "protocol level " + header.version());
            return;
        }
        if (v5 && header.properties().getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
            refuse(
                    channel,
                    MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                    "enhanced authentication is not supported");
            return;
        }
        if (v5) {
            String limitsProblem = ClientLimits.problem(header.properties());
            if (limitsProblem != null) {
                refuse(channel, MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR, limitsProblem);
                return;
            }
        }
        String clientId = payload.clientIdentifier();
        String idProblem = ClientIds.problem(clientId, config.limits().maxClientIdBytes());
        if (idProblem != null) {
            refuse(
                    channel,
                    v5
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                            : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    idProblem);
            return;
        }
        ConnectionAuthorizer authorizer = new ConnectionAuthorizer(
                services.directory(), services.generation(), peer, clientId, config.region(), config.accountId());
        UUID sessionIdentifier = UUID.randomUUID();
        if (!authorizer.certificateActive()) {
            services.counters().refused(RefusalReason.CERTIFICATE_NOT_ACTIVE);
            connectFailed(peer, clientId, sessionIdentifier);
            services.disconnector().disconnect(channel, DisconnectReason.AUTH_ERROR, "certificate is no longer ACTIVE");
            return;
        }
        String clientResource = "client/" + clientId;
        if (!authorizer.isAllowed(Actions.CONNECT, clientResource)) {
            connectFailed(peer, clientId, sessionIdentifier);
            deny(
                    channel,
                    v5,
                    "iot:Connect " + clientResource + ": " + authorizer.explainDenial(Actions.CONNECT, clientResource));
            return;
        }
        Message will = null;
        if (header.isWillFlag()) {
            String topic = payload.willTopic();
            TopicRule rule = Topics.checkPublishTopic(topic, semantics);
            if (rule != null) {
                refuseOrDrop(
                        channel,
                        v5,
                        MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID,
                        "will topic '" + LogText.of(topic) + "': " + rule);
                return;
            }
            if (header.willQos() > semantics.maximumQos()) {
                refuseOrDrop(
                        channel,
                        v5,
                        MqttConnectReturnCode.CONNECTION_REFUSED_QOS_NOT_SUPPORTED,
                        "will QoS " + header.willQos() + " is not supported");
                return;
            }
            String resource = "topic/" + topic;
            if (!authorizer.isAllowed(Actions.PUBLISH, resource)) {
                // AWS: a will topic the client may not publish to fails the CONNECT with connect_failed ("Lifecycle
                // events").
                connectFailed(peer, clientId, sessionIdentifier);
                deny(
                        channel,
                        v5,
                        "will: iot:Publish " + resource + ": " + authorizer.explainDenial(Actions.PUBLISH, resource));
                return;
            }
            if (header.isWillRetain() && !authorizer.isAllowed(Actions.RETAIN_PUBLISH, resource)) {
                connectFailed(peer, clientId, sessionIdentifier);
                deny(
                        channel,
                        v5,
                        "will: iot:RetainPublish " + resource + ": "
                                + authorizer.explainDenial(Actions.RETAIN_PUBLISH, resource));
                return;
            }
            will = new Message(
                    topic,
                    payload.willMessageInBytes() == null ? new byte[0] : payload.willMessageInBytes(),
                    header.willQos(),
                    header.isWillRetain(),
                    v5 ? ForwardedProperties.of(payload.willProperties()) : null,
                    clientId);
        }

        int requestedKeepAlive = header.keepAliveTimeSeconds();
        int keepAlive = KeepAlive.effectiveSeconds(requestedKeepAlive, config.keepAliveZeroSeconds(), semantics);
        long maxExpiry = config.maxSessionExpiry().toSeconds();
        long requestedExpiry;
        if (v5) {
            MqttProperties.MqttProperty<?> p = header.properties().getProperty(MqttProperties.SESSION_EXPIRY_INTERVAL);
            requestedExpiry = p == null ? 0 : Integer.toUnsignedLong((Integer) p.value());
        } else {
            requestedExpiry = header.isCleanSession() ? 0 : maxExpiry;
        }
        long expiry = Math.min(requestedExpiry, maxExpiry);

        Lifecycle lifecycle = new Lifecycle(
                clientId,
                sessionIdentifier,
                peer.certificateId(),
                peer.remoteIp(),
                services.presence().connected(clientId));
        Connection connection = new Connection(
                channel,
                peer,
                clientId,
                version,
                authorizer,
                will,
                lifecycle,
                requestedKeepAlive,
                keepAlive,
                v5 ? ClientLimits.of(header.properties()) : ClientLimits.NONE);
        channel.attr(Connection.KEY).set(connection);
        SessionRegistry.Opened opened = services.sessions().open(connection, header.isCleanSession(), expiry);
        services.connections().add(connection);

        MqttConnAckMessage connAck = MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(opened.present())
                .properties(
                        v5
                                ? connAckProperties(keepAlive, requestedKeepAlive, expiry, requestedExpiry)
                                : MqttProperties.NO_PROPERTIES)
                .build();
        channel.writeAndFlush(connAck);
        services.counters().mqttConnectionAccepted();
        connection.markConnected(services.clock().instant());
        if (keepAlive != KeepAlive.OFF) {
            connection.startKeepAlive(services.disconnector(), Duration.ofMillis(KeepAlive.timeoutMillis(keepAlive)));
        }
        ctx.pipeline().remove(this);
        LOG.info(
                "client '{}' connected from {} (MQTT {}, certificate {}, keep-alive {}{}, session {}{})",
                LogText.of(clientId),
                channel.remoteAddress(),
                v5 ? "5" : "3.1.1",
                peer.certificateId(),
                KeepAlive.describe(keepAlive),
                keepAlive != requestedKeepAlive ? " (requested " + requestedKeepAlive + " s)" : "",
                opened.present() ? "resumed" : "new",
                expiry > 0 ? ", expiry " + expiry + " s" : "");

        Connection previous = opened.previous();
        if (previous != null && previous != connection) {
            services.disconnector()
                    .disconnect(
                            previous.channel(),
                            DisconnectReason.DUPLICATE_CLIENTID,
                            "client ID taken over by " + channel.remoteAddress());
        }
        services.events().connected(lifecycle);
        opened.session().resume(connection);
        // A certificate deactivated while this CONNECT ran: the directory holds the change before the control path
        // looks for connections, and this connection registered before this re-read, so one of the two sees the other.
        // The re-read leaves no policy snapshot behind: an idle connection does not keep one.
        if (!authorizer.releaseAndCheckActive()) {
            services.disconnector().disconnect(channel, DisconnectReason.AUTH_ERROR, "certificate is no longer ACTIVE");
        }
    }

    private void connectFailed(PeerCertificate peer, String clientId, UUID sessionIdentifier) {
        services.events()
                .connectFailed(
                        new Lifecycle(clientId, sessionIdentifier, peer.certificateId(), peer.remoteIp(), 0),
                        EventPublisher.AUTHORIZATION_FAILED);
    }

    private MqttProperties connAckProperties(int keepAlive, int requestedKeepAlive, long expiry, long requestedExpiry) {
        MqttProperties p = new MqttProperties();
        p.add(new MqttProperties.IntegerProperty(
                MqttProperties.MAXIMUM_QOS, services.config().semantics().maximumQos()));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.RETAIN_AVAILABLE, 1));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.WILDCARD_SUBSCRIPTION_AVAILABLE, 1));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0));
        p.add(new MqttProperties.IntegerProperty(MqttProperties.SHARED_SUBSCRIPTION_AVAILABLE, 0));
        p.add(new MqttProperties.IntegerProperty(
                MqttProperties.RECEIVE_MAXIMUM, services.config().limits().maxInFlight()));
        p.add(new MqttProperties.IntegerProperty(
                MqttProperties.MAXIMUM_PACKET_SIZE, services.config().limits().maxPacketBytes()));
        // MQTT 5 section 3.2.2.3.14: without Server Keep Alive the client's value stands, so it is sent only when the
        // server applies another one. Keep-alive 0 with --keep-alive-zero never applies 0: nothing to send.
        if (keepAlive != requestedKeepAlive) {
            p.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, keepAlive));
        }
        if (expiry != requestedExpiry) {
            p.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) expiry));
        }
        return p;
    }

    private static MqttVersion versionOf(MqttConnectVariableHeader header) {
        try {
            return MqttVersion.fromProtocolNameAndLevel(header.name(), (byte) header.version());
        } catch (RuntimeException e) {
            return MqttVersion.MQTT_3_1;
        }
    }

    /**
     * Authorization failure: MQTT 5 gets CONNACK 0x87; MQTT 3.1.1 is dropped without CONNACK (AWS IoT Developer Guide,
     * "MQTT"), or gets CONNACK return code 5 "not authorized" (MQTT 3.1.1 section 3.2.2.3) when the semantics say so.
     */
    private void deny(Channel channel, boolean v5, String detail) {
        services.counters().refused(RefusalReason.CONNECT_NOT_AUTHORIZED);
        LOG.info("connect denied for {}: {}", channel.remoteAddress(), LogText.line(detail));
        PeerCertificate peer = channel.attr(PeerCertificate.KEY).get();
        // Logged by the line above in the policy's words; recorded for the console's refused connections.
        services.refusals()
                .record(
                        channel.remoteAddress(),
                        peer == null ? null : peer.certificateId(),
                        peer == null ? null : peer.commonName(),
                        peer == null ? null : peer.sni(),
                        RefusalReason.CONNECT_NOT_AUTHORIZED,
                        "the policy denies " + detail);
        if (v5) {
            refuse(channel, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5, detail);
        } else if (services.config().semantics().mqtt311DenialCloses()) {
            services.disconnector().disconnect(channel, DisconnectReason.AUTH_ERROR, detail);
        } else {
            refuse(channel, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, detail);
        }
    }

    /** A will MQTT 3.1.1 has no CONNACK return code for (its topic or QoS): MQTT 5 gets {@code v5Code}, 3.1.1 is dropped. */
    private void refuseOrDrop(Channel channel, boolean v5, MqttConnectReturnCode v5Code, String detail) {
        if (v5) {
            refuse(channel, v5Code, detail);
        } else {
            services.counters().refused(RefusalReason.CONNECT_INVALID);
            services.disconnector().disconnect(channel, DisconnectReason.AUTH_ERROR, detail);
        }
    }

    private void refuse(Channel channel, MqttConnectReturnCode code, String detail) {
        if (code != MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                && code != MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED) {
            services.counters().refused(RefusalReason.CONNECT_INVALID); // deny() counted the others
        }
        LOG.info("CONNECT from {} refused with {}: {}", channel.remoteAddress(), code, LogText.line(detail));
        channel.attr(Disconnector.REASON).setIfAbsent(DisconnectReason.CLIENT_ERROR);
        channel.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).build())
                .addListener(ChannelFutureListener.CLOSE);
    }
}
