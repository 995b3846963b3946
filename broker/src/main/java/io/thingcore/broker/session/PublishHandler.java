package io.thingcore.broker.session;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.thingcore.broker.Semantics;
import io.thingcore.broker.auth.Actions;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.RetainedMessages;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import io.thingcore.broker.services.ServiceRequest;
import io.thingcore.broker.services.ServiceRoute;
import io.thingcore.logtext.LogText;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH from the client: topic rules, {@code iot:Publish} (and {@code iot:RetainPublish} with RETAIN), routing, and
 * the QoS 1 PUBACK once what must be durable is. A PUBLISH to the request topic of a registered reserved-topic service
 * ({@code io.thingcore.broker.services}) is authorized and routed the same way, and also handed to the service off the
 * event loop; its PUBACK waits for the service. Authorization failures follow AWS IoT (AWS IoT Core developer guide,
 * "MQTT", reason codes): an MQTT 3.1.1 connection is dropped ({@link Semantics#mqtt311DenialCloses()}); an MQTT 5 QoS
 * 1 PUBLISH gets PUBACK 0x87.
 */
public final class PublishHandler extends PacketHandler<MqttPublishMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);

    public PublishHandler(BrokerServices services) {
        super(services, MqttMessageType.PUBLISH);
    }

    @Override
    void handle(Connection c, MqttPublishMessage msg) {
        boolean v5 = c.version() == MqttVersion.MQTT_5;
        Semantics semantics = services.config().semantics();
        int qos = msg.fixedHeader().qosLevel().value();
        String topic = msg.variableHeader().topicName();
        int packetId = msg.variableHeader().packetId();
        services.counters().publishReceived(qos);
        if (qos > semantics.maximumQos()) {
            // AWS IoT refuses QoS 2 (developer guide, "MQTT"); MQTT 5 requires DISCONNECT 0x9B after advertising
            // a lower Maximum QoS (MQTT 5.0 section 3.3.1.2); MQTT 3.1.1 has no other way to refuse.
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            DisconnectReason.CLIENT_ERROR,
                            MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED,
                            "PUBLISH with QoS " + qos + " to '" + topic + "'");
            return;
        }
        if (v5 && msg.variableHeader().properties().getProperty(MqttProperties.TOPIC_ALIAS) != null) {
            // CONNACK advertised no Topic Alias Maximum, so any alias is a protocol error (MQTT 5 3.3.2-9).
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            DisconnectReason.CLIENT_ERROR,
                            MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID,
                            "topic alias");
            return;
        }
        TopicRule rule = Topics.checkPublishTopic(topic, semantics);
        ServiceRoute route = null;
        // Only a reserved topic pays for the services' look-up. AWS IoT refuses RETAIN on reserved topics (developer
        // guide, "MQTT", retained messages), so those stay refused.
        if (rule == TopicRule.RESERVED && !msg.fixedHeader().isRetain()) {
            route = services.reservedTopics().route(topic);
            if (route != null) {
                rule = null;
            }
        }
        if (rule != null) {
            DisconnectReason reason =
                    rule == TopicRule.RESERVED ? DisconnectReason.FORBIDDEN_ACCESS : DisconnectReason.CLIENT_ERROR;
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            reason,
                            rule == TopicRule.RESERVED
                                    ? MqttReasonCodes.Disconnect.NOT_AUTHORIZED
                                    : MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID,
                            "PUBLISH to '" + LogText.of(topic) + "': " + rule);
            return;
        }
        ConnectionAuthorizer authorizer = c.authorizer();
        boolean retain = msg.fixedHeader().isRetain();
        String denied = null;
        if (!authorizer.mayPublish(topic)) {
            String resource = "topic/" + topic;
            denied = "iot:Publish " + resource + ": " + authorizer.explainDenial(Actions.PUBLISH, resource);
        } else if (retain && !authorizer.isAllowed(Actions.RETAIN_PUBLISH, "topic/" + topic)) {
            String resource = "topic/" + topic;
            denied =
                    "iot:RetainPublish " + resource + ": " + authorizer.explainDenial(Actions.RETAIN_PUBLISH, resource);
        }
        if (denied != null) {
            services.counters().dropped(BrokerCounters.Drop.PUBLISH_NOT_AUTHORIZED);
            if (!authorizer.certificateActive()) {
                services.disconnector().disconnect(c.channel(), DisconnectReason.AUTH_ERROR, denied);
            } else if (v5) {
                LOG.info("client '{}': publish denied: {}", LogText.of(c.clientId()), LogText.line(denied));
                if (qos == 1) {
                    c.ackInOrder(pubAck(packetId, MqttReasonCodes.PubAck.NOT_AUTHORIZED));
                }
            } else if (semantics.mqtt311DenialCloses()) {
                services.disconnector().disconnect(c.channel(), DisconnectReason.FORBIDDEN_ACCESS, denied);
            } else {
                // MQTT 3.1.1 section 3.3.5 [MQTT-3.3.5-2]: the client cannot be told; acknowledge and discard.
                LOG.info("client '{}': publish denied, discarded: {}", LogText.of(c.clientId()), LogText.line(denied));
                if (qos == 1) {
                    c.ackInOrder(MqttMessageBuilders.pubAck().packetId(packetId).build());
                }
            }
            return;
        }
        // One copy of the payload into an immutable array: deliveries on other event loops never share a ByteBuf.
        byte[] payload = ByteBufUtil.getBytes(msg.content());
        CompletableFuture<Void> taken = null;
        Session requesterSession = c.session();
        if (route != null && requesterSession != null) {
            try {
                taken = services.reservedTopics()
                        .submit(
                                route,
                                request(c, route, topic, payload.clone(), qos, msg),
                                services.router(),
                                authorizer,
                                semantics,
                                requesterSession);
            } catch (RejectedExecutionException e) {
                busy(c, v5, qos, packetId, topic);
                return;
            }
        }
        Message message = new Message(
                topic,
                payload,
                qos,
                retain,
                v5 ? ForwardedProperties.of(msg.variableHeader().properties()) : null,
                c.clientId());
        if (retain) {
            RetainedMessages.Refusal refusal = retainRefusal(c, message);
            if (refusal != null) {
                // Reserved topics never get here: RETAIN on them is refused above.
                refuseRetained(c, v5, qos, packetId, topic, refusal);
                return;
            }
        }
        boolean stored = services.router().route(message);
        if (qos == 1 && taken == null) {
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
        } else if (qos == 1 && taken != null) {
            // A request's PUBACK says the service has taken it durably (and the store has what it queued).
            CompletionStage<?> ready =
                    stored ? taken.thenCombine(services.sessions().writer().durable(), (a, b) -> null) : taken;
            c.ackWhen(
                    MqttMessageBuilders.pubAck().packetId(packetId).build(),
                    ready,
                    failure -> requestFailed(c, v5, packetId, topic, failure));
        } else if (taken != null) {
            taken.whenComplete((ignored, failure) -> {
                if (failure != null) {
                    LOG.warn(
                            "client '{}': QoS 0 request to '{}' failed",
                            LogText.of(c.clientId()),
                            LogText.of(topic),
                            failure);
                }
            });
        }
    }

    /**
     * Stores or deletes the retained message: a RETAIN publish with a payload passes this connection's rate, then the
     * store's count, size, bytes and rate; an empty one deletes and is never refused. Returns null when done, or why
     * the message was not stored.
     */
    private RetainedMessages.@Nullable Refusal retainRefusal(Connection c, Message message) {
        RetainedMessages retained = services.router().retained();
        long now = System.nanoTime();
        if (message.payload().length > 0
                && !c.tryRetainPublish(retained.quota().publishesPerSecondPerConnection(), now)) {
            return RetainedMessages.Refusal.CONNECTION_RATE;
        }
        return retained.retain(message, now);
    }

    /**
     * A RETAIN publish over the retained quota is refused whole, as AWS IoT throttles it (developer guide, "MQTT",
     * retained messages: "a throttled response"): MQTT 5 QoS 1 gets PUBACK 0x97 "Quota exceeded" (MQTT 5.0 section
     * 3.4.2.1) and stays connected; an MQTT 3.1.1 QoS 1 publisher, which has no way to hear a refusal, is closed as AWS
     * IoT closes a throttled client (disconnectReason THROTTLED, developer guide, "Lifecycle events"); QoS 0 is
     * dropped. Only a connection's first refusal is logged, so a flood writes one line.
     */
    private void refuseRetained(
            Connection c, boolean v5, int qos, int packetId, String topic, RetainedMessages.Refusal refusal) {
        services.counters().dropped(BrokerCounters.Drop.RETAINED_QUOTA);
        String detail = "retained publish to '" + LogText.of(topic) + "' refused: quota " + refusal.quota();
        if (qos == 1 && !v5) {
            services.disconnector().disconnect(c.channel(), DisconnectReason.THROTTLED, detail);
            return;
        }
        if (c.countRetainedRefusal() == 1) {
            LOG.info(
                    "client '{}': {} (further refusals on this connection are not logged)",
                    LogText.of(c.clientId()),
                    LogText.line(detail));
        }
        if (qos == 1) {
            c.ackInOrder(pubAck(packetId, MqttReasonCodes.PubAck.QUOTA_EXCEEDED));
        }
    }

    private static ServiceRequest request(
            Connection c, ServiceRoute route, String topic, byte[] payload, int qos, MqttPublishMessage msg) {
        String responseTopic = null;
        byte[] correlationData = null;
        if (c.version() == MqttVersion.MQTT_5) {
            MqttProperties properties = msg.variableHeader().properties();
            MqttProperties.MqttProperty<?> rt = properties.getProperty(MqttProperties.RESPONSE_TOPIC);
            MqttProperties.MqttProperty<?> cd = properties.getProperty(MqttProperties.CORRELATION_DATA);
            responseTopic = rt == null ? null : (String) rt.value();
            correlationData = cd == null ? null : ((byte[]) cd.value()).clone();
        }
        return new ServiceRequest(
                route.thingName(),
                route.family(),
                route.suffix(),
                topic,
                payload,
                qos,
                new ServiceRequest.Requester(
                        c.clientId(),
                        c.authorizer().thingName(),
                        c.peer().certificateId(),
                        c.version() == MqttVersion.MQTT_5
                                ? ServiceRequest.Protocol.MQTT_5
                                : ServiceRequest.Protocol.MQTT_3_1_1),
                responseTopic,
                correlationData);
    }

    /**
     * The service executor's queue is full: the request is refused, never queued without bound. MQTT 5 gets PUBACK
     * 0x97 "Quota exceeded" (MQTT 5.0 section 3.4.2.1); an MQTT 3.1.1 QoS 1 publisher is closed as AWS IoT closes a
     * throttled client (disconnectReason THROTTLED, developer guide, "Lifecycle events") and publishes again after
     * reconnecting; a QoS 0 request is dropped.
     */
    private void busy(Connection c, boolean v5, int qos, int packetId, String topic) {
        services.counters().dropped(BrokerCounters.Drop.SERVICE_BUSY);
        String detail = "request to '" + LogText.of(topic) + "' refused: reserved-topic services are busy";
        if (qos == 0) {
            LOG.warn("client '{}': {}", LogText.of(c.clientId()), LogText.line(detail));
        } else if (v5) {
            LOG.warn("client '{}': {}", LogText.of(c.clientId()), LogText.line(detail));
            c.ackInOrder(pubAck(packetId, MqttReasonCodes.PubAck.QUOTA_EXCEEDED));
        } else {
            services.disconnector().disconnect(c.channel(), DisconnectReason.THROTTLED, detail);
        }
    }

    /**
     * The service (or the session store) failed to take a QoS 1 request: MQTT 5 gets PUBACK 0x80 "Unspecified error";
     * an MQTT 3.1.1 publisher, which has no way to hear a refusal, is closed and publishes again after reconnecting.
     */
    private @Nullable MqttMessage requestFailed(
            Connection c, boolean v5, int packetId, String topic, Throwable failure) {
        String detail =
                "request to '" + LogText.of(topic) + "' (PUBLISH " + packetId + ") failed: " + LogText.line(failure);
        if (v5) {
            LOG.warn("client '{}': {}", LogText.of(c.clientId()), LogText.line(detail));
            return pubAck(packetId, MqttReasonCodes.PubAck.UNSPECIFIED_ERROR);
        }
        services.disconnector().disconnect(c.channel(), DisconnectReason.SERVER_ERROR, detail);
        return null;
    }

    private static MqttMessage pubAck(int packetId, MqttReasonCodes.PubAck reasonCode) {
        return MqttMessageBuilders.pubAck()
                .packetId(packetId)
                .reasonCode(reasonCode.byteValue())
                .build();
    }
}
