package io.thingcore.broker.session;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.thingcore.broker.auth.Actions;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PUBLISH from the client: topic rules, {@code iot:Publish} (and {@code iot:RetainPublish} with RETAIN), routing, and
 * the QoS 1 PUBACK once what must be durable is. Authorization failures follow AWS IoT (AWS IoT Core developer guide,
 * "MQTT", reason codes): an MQTT 3.1.1 connection is dropped; an MQTT 5 QoS 1 PUBLISH gets PUBACK 0x87.
 */
public final class PublishHandler extends PacketHandler<MqttPublishMessage> {
    private static final Logger LOG = LoggerFactory.getLogger(PublishHandler.class);

    public PublishHandler(BrokerServices services) {
        super(services, MqttMessageType.PUBLISH);
    }

    @Override
    void handle(Connection c, MqttPublishMessage msg) {
        boolean v5 = c.version() == MqttVersion.MQTT_5;
        int qos = msg.fixedHeader().qosLevel().value();
        String topic = msg.variableHeader().topicName();
        int packetId = msg.variableHeader().packetId();
        if (qos > 1) {
            // AWS IoT refuses QoS 2 (developer guide, "MQTT"); MQTT 5 requires DISCONNECT 0x9B after advertising
            // Maximum QoS 1 (MQTT 5.0 section 3.3.1.2).
            services.disconnector()
                    .disconnect(
                            c.channel(),
                            DisconnectReason.CLIENT_ERROR,
                            ReasonCodes.QOS_NOT_SUPPORTED,
                            "PUBLISH with QoS 2 to '" + topic + "'");
            return;
        }
        if (v5 && msg.variableHeader().properties().getProperty(MqttPropertyType.TOPIC_ALIAS.value()) != null) {
            // CONNACK advertised no Topic Alias Maximum, so any alias is a protocol error (MQTT 5 3.3.2-9).
            services.disconnector()
                    .disconnect(
                            c.channel(), DisconnectReason.CLIENT_ERROR, ReasonCodes.TOPIC_ALIAS_INVALID, "topic alias");
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
                            rule == TopicRule.RESERVED ? ReasonCodes.NOT_AUTHORIZED : ReasonCodes.TOPIC_NAME_INVALID,
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
                            .reasonCode((byte) ReasonCodes.NOT_AUTHORIZED)
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
}
