package io.thingcore.broker.session;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.thingcore.broker.Limits;
import io.thingcore.broker.Semantics;
import io.thingcore.broker.auth.Actions;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import io.thingcore.logtext.LogText;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SUBSCRIBE: AWS IoT's limits (8 filters per SUBSCRIBE, 50 subscriptions per connection; AWS General Reference, "AWS
 * IoT Core endpoints and quotas"), topic filter rules, {@code iot:Subscribe} per filter, SUBACK, then the retained
 * messages. Authorization failures follow AWS IoT (developer guide, "MQTT", reason codes): an MQTT 3.1.1 connection is
 * dropped ({@link Semantics#mqtt311DenialCloses()}); MQTT 5 gets SUBACK 0x87 for the filter.
 */
public final class SubscribeHandler extends PacketHandler<MqttSubscribeMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(SubscribeHandler.class);

    /** The MQTT 3.1.1 SUBACK return code for a refused filter, "Failure" (MQTT 3.1.1 section 3.9.3). */
    static final int MQTT_3_1_1_FAILURE = 0x80;

    public SubscribeHandler(BrokerServices services) {
        super(services, MqttMessageType.SUBSCRIBE);
    }

    @Override
    void handle(Connection c, MqttSubscribeMessage msg) {
        boolean v5 = c.version() == MqttVersion.MQTT_5;
        Semantics semantics = services.config().semantics();
        Limits limits = semantics.limits();
        List<MqttTopicSubscription> requested = msg.payload().topicSubscriptions();
        int packetId = msg.variableHeader().messageId();
        if (requested.isEmpty()) {
            // MQTT 3.1.1 [MQTT-3.8.3-3]: at least one filter, or it is a protocol violation (close, section 4.8);
            // MQTT 5.0 section 3.8.3: a SUBSCRIBE with no payload is a Protocol Error (DISCONNECT 0x82).
            services.disconnector()
                    .disconnect(c.channel(), DisconnectReason.CLIENT_ERROR, "SUBSCRIBE without a topic filter");
            return;
        }
        if (requested.size() > limits.maxFiltersPerSubscribe()) {
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            DisconnectReason.CLIENT_ERROR,
                            MqttReasonCodes.Disconnect.QUOTA_EXCEEDED,
                            requested.size() + " filters in one SUBSCRIBE (limit " + limits.maxFiltersPerSubscribe()
                                    + ")");
            return;
        }
        ConnectionAuthorizer authorizer = c.authorizer();
        Session session = c.boundSession();
        // The SUBACK's codes: a granted QoS (0 or 1), or a failure (MQTT 5: a SubAck reason code; MQTT 3.1.1: 0x80).
        int[] codes = new int[requested.size()];
        List<String> granted = new ArrayList<>();
        // First decide every filter, so an MQTT 3.1.1 denial drops the connection before anything is subscribed.
        for (int i = 0; i < requested.size(); i++) {
            MqttTopicSubscription s = requested.get(i);
            String filter = s.topicFilter();
            int qos = s.qualityOfService().value();
            if (qos > semantics.maximumQos() && !v5 && semantics.overMaximumQosSubscribeCloses()) {
                // AWS IoT sends no SUBACK for QoS 2 (developer guide, "MQTT"); a client waiting for one would hang,
                // so drop instead.
                services.disconnector()
                        .disconnect(
                                c.channel(),
                                DisconnectReason.CLIENT_ERROR,
                                "SUBSCRIBE with QoS " + qos + " to '" + LogText.of(filter) + "'");
                return;
            }
            TopicRule rule = Topics.checkFilter(filter, semantics);
            if (rule != null) {
                LOG.info(
                        "client '{}': subscription to '{}' refused: {}",
                        LogText.of(c.clientId()),
                        LogText.of(filter),
                        rule);
                MqttReasonCodes.SubAck v5Code = switch (rule) {
                    case SHARED_SUBSCRIPTION -> MqttReasonCodes.SubAck.SHARED_SUBSCRIPTIONS_NOT_SUPPORTED;
                    case RESERVED -> MqttReasonCodes.SubAck.NOT_AUTHORIZED;
                    default -> MqttReasonCodes.SubAck.TOPIC_FILTER_INVALID;
                };
                codes[i] = failure(v5, v5Code);
                continue;
            }
            String resource = "topicfilter/" + filter;
            if (!authorizer.isAllowed(Actions.SUBSCRIBE, resource)) {
                String why = "iot:Subscribe " + resource + ": " + authorizer.explainDenial(Actions.SUBSCRIBE, resource);
                if (!authorizer.certificateActive() || (!v5 && semantics.mqtt311DenialCloses())) {
                    services.disconnector()
                            .disconnect(
                                    c.channel(),
                                    !v5 ? DisconnectReason.FORBIDDEN_ACCESS : DisconnectReason.AUTH_ERROR,
                                    why);
                    return;
                }
                LOG.info("client '{}': subscribe denied: {}", LogText.of(c.clientId()), LogText.line(why));
                codes[i] = failure(v5, MqttReasonCodes.SubAck.NOT_AUTHORIZED);
                continue;
            }
            // MQTT 3.1.1 section 3.8.4 and MQTT 5.0 section 3.8.4: the server may grant a lower QoS than requested.
            codes[i] = Math.min(qos, semantics.maximumQos());
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
                        LogText.of(c.clientId()),
                        LogText.of(filter),
                        limits.maxSubscriptionsPerConnection());
                codes[i] = failure(v5, MqttReasonCodes.SubAck.QUOTA_EXCEEDED);
                continue;
            }
            Subscription subscription =
                    new Subscription(codes[i], v5 && s.option().isNoLocal());
            session.addSubscription(filter, subscription);
            services.router().tree().subscribe(filter, session, subscription);
            granted.add(filter);
            // AWS IoT sends retained messages only to filters equal to the topic (developer guide, "MQTT", retained
            // messages); MQTT 5 Retain Handling 2 asks for none (MQTT 5.0 section 3.8.3.1).
            if ((semantics.retainedForWildcardFilters() || !Topics.hasWildcard(filter))
                    && !(v5 && s.option().retainHandling().value() == 2)) {
                retainedFor.add(i);
            }
        }
        MqttSubAckMessage subAck = new MqttSubAckMessage(
                new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
        Runnable sendRetained = () -> {
            for (int i : retainedFor) {
                Subscription retainedSubscription = new Subscription(codes[i], false);
                for (Message m : services.router()
                        .retained()
                        .matching(requested.get(i).topicFilter(), semantics.hashMatchesParentLevel())) {
                    session.deliver(m, retainedSubscription, true);
                }
            }
        };
        if (granted.isEmpty() || !session.stored()) {
            c.send(subAck);
            sendRetained.run();
        } else {
            // A SUBACK acknowledges subscriptions that a stored session keeps across a restart: like a PUBACK, it
            // waits until the session store has them, and when the store fails the connection is closed without it
            // (the client subscribes again after reconnecting). Routing starts at once, which MQTT allows (3.1.1 and
            // 5.0 section 3.8.4: matching PUBLISH packets may be sent before the SUBACK).
            c.ackWhen(
                    subAck,
                    services.sessions().writer().durable(),
                    failure -> {
                        services.disconnector()
                                .disconnect(
                                        c.channel(),
                                        DisconnectReason.SERVER_ERROR,
                                        "session store failed: SUBSCRIBE " + packetId + " not acknowledged");
                        return null;
                    },
                    sendRetained);
        }
        if (!granted.isEmpty()) {
            LOG.debug("client '{}' subscribed to {}", LogText.of(c.clientId()), LogText.line(granted));
            services.events().subscribed(c.lifecycle(), granted);
        }
    }

    /** A refused filter's SUBACK code: {@code v5Code} for MQTT 5, the one failure code of MQTT 3.1.1 otherwise. */
    private static int failure(boolean v5, MqttReasonCodes.SubAck v5Code) {
        return v5 ? Byte.toUnsignedInt(v5Code.byteValue()) : MQTT_3_1_1_FAILURE;
    }
}
