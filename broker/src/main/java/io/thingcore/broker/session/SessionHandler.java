package io.thingcore.broker.session;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.Limits;
import io.thingcore.broker.auth.Actions;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.pipeline.Printable;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session stage (DESIGN section 3, step 5): one method per packet type for a connected client, and the end of
 * the connection (will, session detach). Authorization failures follow AWS (facts 3.4): MQTT 3.1.1 connections are
 * dropped; MQTT 5 gets reason 0x87 in PUBACK/SUBACK.
 */
public final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    /** MQTT 5 reason codes (MQTT 5.0 2.4). */
    static final int NOT_AUTHORIZED = 0x87;

    static final int UNSPECIFIED_ERROR = 0x80;
    static final int PROTOCOL_ERROR = 0x82;
    static final int TOPIC_FILTER_INVALID = 0x8F;
    static final int TOPIC_NAME_INVALID = 0x90;
    static final int QUOTA_EXCEEDED = 0x97;
    static final int QOS_NOT_SUPPORTED = 0x9B;
    static final int SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9E;
    static final int TOPIC_ALIAS_INVALID = 0x94;
    static final short NO_SUBSCRIPTION_EXISTED = 0x11;
    /** MQTT 3.1.1 SUBACK failure return code. */
    static final int FAILURE = 0x80;

    private final BrokerServices services;

    public SessionHandler(BrokerServices services) {
        this.services = services;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Connection connection = ctx.channel().attr(Connection.KEY).get();
        if (connection == null || !(msg instanceof MqttMessage message)) {
            ReferenceCountUtil.release(msg);
            services.disconnector().disconnect(ctx.channel(), DisconnectReason.CLIENT_ERROR, "packet before CONNECT");
            return;
        }
        connection.packetReceived();
        try {
            switch (message.fixedHeader().messageType()) {
                case PUBLISH -> publish(connection, (MqttPublishMessage) message);
                case SUBSCRIBE -> subscribe(connection, (MqttSubscribeMessage) message);
                case UNSUBSCRIBE -> unsubscribe(connection, (MqttUnsubscribeMessage) message);
                case PUBACK -> connection.session().acknowledge(packetId(message));
                case PINGREQ -> connection.send(MqttMessage.PINGRESP);
                case DISCONNECT -> disconnect(connection, message);
                case CONNECT -> protocolError(connection, "second CONNECT"); // MQTT 3.1.0-2
                case PUBREC, PUBREL, PUBCOMP -> protocolError(connection, "QoS 2 flow is not supported");
                default ->
                    protocolError(
                            connection, "unexpected " + message.fixedHeader().messageType());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            Connection connection = ctx.channel().attr(Connection.KEY).get();
            services.disconnector()
                    .disconnect(
                            ctx.channel(),
                            DisconnectReason.MQTT_KEEP_ALIVE_TIMEOUT,
                            connection == null ? "no packet within 1.5 x keep-alive" : keepAliveTimeout(connection));
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Why a client is closed for silence, for the disconnector's warning. A client that asked for keep-alive 0 gets
     * the keep-alive AWS IoT applies (1200 s) unless {@code --keep-alive-zero} says otherwise; Silicon Labs Matter DIC
     * firmware connects with keep-alive 0, sends nothing while its state does not change, and never reconnects after
     * a close (connectedhomeip src/dic.cpp: {@code end_loop} is set on close and never reset), so the line says how to
     * keep such clients.
     */
    static String keepAliveTimeout(Connection connection) {
        int requested = connection.requestedKeepAlive();
        int applied = connection.appliedKeepAlive();
        String detail = "no packet for " + connection.silence().toSeconds() + " s; keep-alive requested " + requested
                + " s, applied " + applied + " s: closed after 1.5 x the applied keep-alive";
        if (requested == 0) {
            detail += (applied == BrokerConfig.AWS_KEEP_ALIVE_ZERO_SECONDS
                            ? "; keep-alive 0 means 1200 s here, as on AWS IoT"
                            : "; keep-alive 0 means " + applied + " s here (--keep-alive-zero; AWS IoT: 1200 s)")
                    + "; DIC firmware never reconnects after such a close and stays offline until it restarts:"
                    + " --keep-alive-zero never keeps these clients connected";
        }
        return detail;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        Connection connection = channel.attr(Connection.KEY).get();
        if (connection != null && connection.connected()) {
            DisconnectReason reason = Disconnector.reasonOf(channel);
            services.connections().remove(connection);
            services.sessions().closed(connection);
            Message will = connection.will();
            if (will != null && (reason.publishesWill() || connection.keepWill())) {
                services.router().publish(will);
            }
            services.events()
                    .disconnected(
                            connection.lifecycle(),
                            reason.name(),
                            reason == DisconnectReason.CLIENT_INITIATED_DISCONNECT);
            LOG.info("client '{}' disconnected: {}", Printable.of(connection.clientId()), reason);
        }
        ctx.fireChannelInactive();
    }

    private void publish(Connection c, MqttPublishMessage msg) {
        boolean v5 = c.version() == MqttVersion.MQTT_5;
        int qos = msg.fixedHeader().qosLevel().value();
        String topic = msg.variableHeader().topicName();
        int packetId = msg.variableHeader().packetId();
        if (qos > 1) {
            // AWS refuses QoS 2 (facts 3.2); MQTT 5 requires DISCONNECT 0x9B after advertising Maximum QoS 1.
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            DisconnectReason.CLIENT_ERROR,
                            QOS_NOT_SUPPORTED,
                            "PUBLISH with QoS 2 to '" + topic + "'");
            return;
        }
        if (v5 && msg.variableHeader().properties().getProperty(MqttPropertyType.TOPIC_ALIAS.value()) != null) {
            // CONNACK advertised no Topic Alias Maximum, so any alias is a protocol error (MQTT 5 3.3.2-9).
            services.disconnector()
                    .disconnect(c.channel(), DisconnectReason.CLIENT_ERROR, TOPIC_ALIAS_INVALID, "topic alias");
            return;
        }
        TopicRule rule = Topics.checkPublishTopic(topic, services.config().limits());
        if (rule != null) {
            DisconnectReason reason =
                    rule == TopicRule.RESERVED ? DisconnectReason.FORBIDDEN_ACCESS : DisconnectReason.CLIENT_ERROR;
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            reason,
                            rule == TopicRule.RESERVED ? NOT_AUTHORIZED : TOPIC_NAME_INVALID,
                            "PUBLISH to '" + topic + "': " + rule);
            return;
        }
        ConnectionAuthorizer authorizer = c.authorizer();
        String resource = "topic/" + topic;
        boolean retain = msg.fixedHeader().isRetain();
        String denied = null;
        if (!authorizer.isAllowed(Actions.PUBLISH, resource)) {
            denied = "iot:Publish " + resource + ": " + authorizer.explainDenial(Actions.PUBLISH, resource);
        } else if (retain && !authorizer.isAllowed(Actions.RETAIN_PUBLISH, resource)) {
            denied =
                    "iot:RetainPublish " + resource + ": " + authorizer.explainDenial(Actions.RETAIN_PUBLISH, resource);
        }
        if (denied != null) {
            if (!authorizer.certificateActive()) {
                services.disconnector().disconnect(c.channel(), DisconnectReason.AUTH_ERROR, denied);
            } else if (v5) {
                LOG.info("client '{}': publish denied: {}", c.clientId(), denied);
                if (qos == 1) {
                    c.send(MqttMessageBuilders.pubAck()
                            .packetId(packetId)
                            .reasonCode((byte) NOT_AUTHORIZED)
                            .build());
                }
            } else {
                services.disconnector().disconnect(c.channel(), DisconnectReason.FORBIDDEN_ACCESS, denied);
            }
            return;
        }
        // One copy of the payload into an immutable array: deliveries on other event loops never share a ByteBuf.
        byte[] payload = ByteBufUtil.getBytes(msg.content());
        Message message = new Message(
                topic,
                payload,
                qos,
                retain,
                v5 ? ForwardedProperties.of(msg.variableHeader().properties()) : null,
                c.clientId());
        boolean stored = services.router().publish(message);
        if (qos == 1) {
            // "Nothing acknowledged is ever lost": a message queued for a persistent session is durable before its
            // PUBACK is sent.
            c.ackAfterDurable(
                    MqttMessageBuilders.pubAck().packetId(packetId).build(),
                    stored,
                    services.sessions().writer(),
                    () -> services.disconnector()
                            .disconnect(
                                    c.channel(),
                                    DisconnectReason.SERVER_ERROR,
                                    "session store failed: PUBLISH " + packetId + " not acknowledged"));
        }
    }

    private void subscribe(Connection c, MqttSubscribeMessage msg) {
        boolean v5 = c.version() == MqttVersion.MQTT_5;
        Limits limits = services.config().limits();
        List<MqttTopicSubscription> requested = msg.payload().topicSubscriptions();
        int packetId = msg.variableHeader().messageId();
        if (requested.size() > limits.maxFiltersPerSubscribe()) {
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            DisconnectReason.CLIENT_ERROR,
                            QUOTA_EXCEEDED,
                            requested.size() + " filters in one SUBSCRIBE (limit " + limits.maxFiltersPerSubscribe()
                                    + ")");
            return;
        }
        ConnectionAuthorizer authorizer = c.authorizer();
        Session session = c.session();
        int[] codes = new int[requested.size()];
        List<String> granted = new ArrayList<>();
        // First decide every filter, so an MQTT 3.1.1 denial drops the connection before anything is subscribed.
        for (int i = 0; i < requested.size(); i++) {
            MqttTopicSubscription s = requested.get(i);
            String filter = s.topicFilter();
            int qos = s.qualityOfService().value();
            if (qos > 1 && !v5) {
                // AWS sends no SUBACK for QoS 2 (facts 3.2); a client waiting for one would hang, so drop instead.
                services.disconnector()
                        .disconnect(
                                c.channel(), DisconnectReason.CLIENT_ERROR, "SUBSCRIBE with QoS 2 to '" + filter + "'");
                return;
            }
            TopicRule rule = Topics.checkFilter(filter, limits);
            if (rule != null) {
                LOG.info("client '{}': subscription to '{}' refused: {}", c.clientId(), filter, rule);
                int v5Code = switch (rule) {
                    case SHARED_SUBSCRIPTION -> SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
                    case RESERVED -> NOT_AUTHORIZED;
                    default -> TOPIC_FILTER_INVALID;
                };
                codes[i] = v5 ? v5Code : FAILURE;
                continue;
            }
            String resource = "topicfilter/" + filter;
            if (!authorizer.isAllowed(Actions.SUBSCRIBE, resource)) {
                String why = "iot:Subscribe " + resource + ": " + authorizer.explainDenial(Actions.SUBSCRIBE, resource);
                if (!v5 || !authorizer.certificateActive()) {
                    services.disconnector()
                            .disconnect(
                                    c.channel(),
                                    !v5 ? DisconnectReason.FORBIDDEN_ACCESS : DisconnectReason.AUTH_ERROR,
                                    why);
                    return;
                }
                LOG.info("client '{}': subscribe denied: {}", c.clientId(), why);
                codes[i] = NOT_AUTHORIZED;
                continue;
            }
            codes[i] = Math.min(qos, 1);
        }
        List<Integer> retainedFor = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            if (codes[i] > 1) {
                continue;
            }
            MqttTopicSubscription s = requested.get(i);
            String filter = s.topicFilter();
            if (session.subscription(filter) == null
                    && session.subscriptionCount() >= limits.maxSubscriptionsPerConnection()) {
                LOG.info(
                        "client '{}': subscription to '{}' refused: more than {} subscriptions",
                        c.clientId(),
                        filter,
                        limits.maxSubscriptionsPerConnection());
                codes[i] = v5 ? QUOTA_EXCEEDED : FAILURE;
                continue;
            }
            Subscription subscription =
                    new Subscription(codes[i], v5 && s.option().isNoLocal());
            session.addSubscription(filter, subscription);
            services.router().tree().subscribe(filter, session, subscription);
            granted.add(filter);
            // AWS: retained messages only for filters equal to the topic (facts 3.3); MQTT 5 Retain Handling 2: none.
            if (!Topics.hasWildcard(filter)
                    && !(v5 && s.option().retainHandling().value() == 2)) {
                retainedFor.add(i);
            }
        }
        c.send(new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes)));
        for (int i : retainedFor) {
            MqttTopicSubscription s = requested.get(i);
            services.router()
                    .retained()
                    .get(s.topicFilter())
                    .ifPresent(m -> session.deliver(m, new Subscription(codes[i], false), true));
        }
        if (!granted.isEmpty()) {
            LOG.debug("client '{}' subscribed to {}", c.clientId(), granted);
            services.events().subscribed(c.lifecycle(), granted);
        }
    }

    private void unsubscribe(Connection c, MqttUnsubscribeMessage msg) {
        Session session = c.session();
        var ack = MqttMessageBuilders.unsubAck().packetId(msg.variableHeader().messageId());
        for (String filter : msg.payload().topics()) {
            boolean existed = session.removeSubscription(filter);
            if (existed) {
                services.router().tree().unsubscribe(filter, session);
            }
            ack.addReasonCode(existed ? 0 : NO_SUBSCRIPTION_EXISTED);
        }
        c.send(ack.build());
        services.events().unsubscribed(c.lifecycle(), msg.payload().topics());
    }

    private void disconnect(Connection c, MqttMessage msg) {
        boolean sendWill = false;
        if (c.version() == MqttVersion.MQTT_5
                && msg.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            sendWill = h.reasonCode() == 0x04; // "Disconnect with Will Message"
        }
        services.disconnector().clientDisconnected(c.channel(), sendWill);
    }

    private void protocolError(Connection c, String detail) {
        services.disconnector().disconnect(c.channel(), DisconnectReason.CLIENT_ERROR, PROTOCOL_ERROR, detail);
    }

    private static int packetId(MqttMessage message) {
        Object header = message.variableHeader();
        if (header instanceof MqttMessageIdVariableHeader id) {
            return id.messageId();
        }
        if (header instanceof MqttMessageIdAndPropertiesVariableHeader id) {
            return id.messageId();
        }
        return -1;
    }
}
