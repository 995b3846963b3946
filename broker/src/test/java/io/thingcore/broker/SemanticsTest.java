package io.thingcore.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.session.Connection;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each component of {@link Semantics} is read by the broker: a broker built with {@link Semantics#AWS} changed in that
 * component alone behaves as the specification says, where the same scenario on {@code AWS} behaves as AWS IoT does
 * (the AWS side of each point is also covered by the stage and end-to-end tests).
 */
class SemanticsTest {
    /** The components the tests below flip; a new component fails {@link #everyComponentIsFlippedByATest}. */
    static final List<String> FLIPPED = List.of(
            "maximumQos",
            "overMaximumQosSubscribeCloses",
            "hashMatchesParentLevel",
            "retainedForWildcardFilters",
            "mqtt311DenialCloses",
            "allDollarTopicsReserved",
            "minKeepAliveSeconds",
            "maxKeepAliveSeconds",
            "limits");

    @Test
    void everyComponentIsFlippedByATest() {
        assertThat(Arrays.stream(Semantics.class.getRecordComponents()).map(RecordComponent::getName))
                .containsExactlyInAnyOrderElementsOf(FLIPPED);
    }

    @Test
    void awsIsAwsIotCore_andTheDefault() {
        assertThat(Semantics.AWS).isEqualTo(new Semantics(1, true, false, false, true, true, 30, 1200, Limits.AWS));
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            assertThat(broker.services.config().semantics()).isEqualTo(Semantics.AWS);
        }
    }

    @Test
    void valuesTheBrokerCannotServeAreRefused() {
        assertThatThrownBy(() -> aws("maximumQos", 2)).hasMessageContaining("no QoS 2 flow");
        assertThatThrownBy(() -> aws("minKeepAliveSeconds", 0)).hasMessageContaining("keep-alive range");
        assertThatThrownBy(() -> aws("maxKeepAliveSeconds", 20)).hasMessageContaining("keep-alive range");
        assertThatThrownBy(() -> aws("maxKeepAliveSeconds", 65536)).hasMessageContaining("keep-alive range");
    }

    @Test
    void maximumQos_zero_advertisedGrantedAndEnforced() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker qos0 = new Broker(aws("maximumQos", 0))) {
            assertThat(maximumQosInConnAck(aws)).isEqualTo(1);
            assertThat(maximumQosInConnAck(qos0)).isEqualTo(0);

            EmbeddedChannel sub = qos0.connected("sub", MqttVersion.MQTT_5);
            sub.writeInbound(subscribe(1, MqttQoS.AT_LEAST_ONCE, "t"));
            assertThat(sub.<MqttSubAckMessage>readOutbound().payload().reasonCodes())
                    .containsExactly(0);

            EmbeddedChannel pub = qos0.connected("pub", MqttVersion.MQTT_5);
            pub.writeInbound(publish("t", 1, 7, false));
            assertThat(disconnectReason(pub)).isEqualTo(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED);
            assertThat(pub.isOpen()).isFalse();
        }
    }

    @Test
    void overMaximumQosSubscribeCloses_off_mqtt311Qos2SubscribeGrantedQos1() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("overMaximumQosSubscribeCloses", false))) {
            EmbeddedChannel onAws = aws.connected("c", MqttVersion.MQTT_3_1_1);
            onAws.writeInbound(subscribe(1, MqttQoS.EXACTLY_ONCE, "t"));
            assertThat(onAws.<Object>readOutbound()).isNull();
            assertThat(onAws.isOpen()).isFalse();

            EmbeddedChannel onSpec = spec.connected("c", MqttVersion.MQTT_3_1_1);
            onSpec.writeInbound(subscribe(1, MqttQoS.EXACTLY_ONCE, "t"));
            assertThat(onSpec.<MqttSubAckMessage>readOutbound().payload().reasonCodes())
                    .containsExactly(1);
            assertThat(onSpec.isOpen()).isTrue();
        }
    }

    @Test
    void hashMatchesParentLevel_on_subscriberToAHashGetsTheParentTopic() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("hashMatchesParentLevel", true))) {
            assertThat(deliveredTopics(aws, "a/#", "a")).isEmpty();
            assertThat(deliveredTopics(spec, "a/#", "a")).containsExactly("a");
        }
    }

    @Test
    void retainedForWildcardFilters_on_wildcardSubscriptionGetsMatchingRetainedMessages() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("retainedForWildcardFilters", true))) {
            assertThat(retainedOnSubscribe(aws, "a/+")).isEmpty();
            assertThat(retainedOnSubscribe(aws, "a/b")).containsExactly("a/b");
            assertThat(retainedOnSubscribe(spec, "a/+")).containsExactly("a/b");
            assertThat(retainedOnSubscribe(spec, "#")).containsExactlyInAnyOrder("a/b", "c");
        }
    }

    @Test
    void mqtt311DenialCloses_off_connectRefusedWithReturnCode5() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("mqtt311DenialCloses", false))) {
            EmbeddedChannel onAws = aws.channel(aws.connectOnly());
            onAws.writeInbound(EmbeddedBroker.connect("other", MqttVersion.MQTT_3_1_1, 60));
            assertThat(onAws.<Object>readOutbound()).isNull();
            assertThat(onAws.isOpen()).isFalse();

            EmbeddedChannel onSpec = spec.channel(spec.connectOnly());
            onSpec.writeInbound(EmbeddedBroker.connect("other", MqttVersion.MQTT_3_1_1, 60));
            MqttConnAckMessage ack = onSpec.readOutbound();
            assertThat(ack.variableHeader().connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            assertThat(onSpec.isOpen()).isFalse();
        }
    }

    @Test
    void mqtt311DenialCloses_off_subscribeDeniedGetsSubackFailure() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("mqtt311DenialCloses", false))) {
            EmbeddedChannel onAws = aws.connected(aws.connectOnly(), "ok", MqttVersion.MQTT_3_1_1);
            onAws.writeInbound(subscribe(1, MqttQoS.AT_LEAST_ONCE, "t"));
            assertThat(onAws.isOpen()).isFalse();

            EmbeddedChannel onSpec = spec.connected(spec.connectOnly(), "ok", MqttVersion.MQTT_3_1_1);
            onSpec.writeInbound(subscribe(1, MqttQoS.AT_LEAST_ONCE, "t"));
            assertThat(onSpec.<MqttSubAckMessage>readOutbound().payload().reasonCodes())
                    .containsExactly(0x80);
            assertThat(onSpec.isOpen()).isTrue();
        }
    }

    @Test
    void mqtt311DenialCloses_off_publishDeniedAcknowledgedAndDiscarded() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("mqtt311DenialCloses", false))) {
            EmbeddedChannel onAws = aws.connected(aws.connectOnly(), "ok", MqttVersion.MQTT_3_1_1);
            onAws.writeInbound(publish("t", 1, 9, false));
            assertThat(onAws.isOpen()).isFalse();

            EmbeddedChannel watcher = spec.connected("watcher", MqttVersion.MQTT_3_1_1);
            watcher.writeInbound(subscribe(1, MqttQoS.AT_LEAST_ONCE, "t"));
            EmbeddedBroker.drain(watcher);
            EmbeddedChannel onSpec = spec.connected(spec.connectOnly(), "ok", MqttVersion.MQTT_3_1_1);
            onSpec.writeInbound(publish("t", 1, 9, false));
            onSpec.runPendingTasks();
            MqttMessage ack = onSpec.readOutbound();
            assertThat(((MqttMessageIdVariableHeader) ack.variableHeader()).messageId())
                    .isEqualTo(9);
            assertThat(onSpec.isOpen()).isTrue();
            watcher.runPendingTasks();
            assertThat(watcher.<Object>readOutbound()).isNull();
        }
    }

    @Test
    void allDollarTopicsReserved_off_dollarTopicsOutsideAwsAreOrdinary() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("allDollarTopicsReserved", false))) {
            assertThat(deliveredTopics(aws, "$app/x", "$app/x")).isEmpty();
            assertThat(deliveredTopics(spec, "$app/x", "$app/x")).containsExactly("$app/x");

            EmbeddedChannel pub = spec.connected("forger", MqttVersion.MQTT_3_1_1);
            pub.writeInbound(publish("$aws/events/presence/connected/x", 0, 0, false));
            assertThat(pub.isOpen()).as("$aws/ stays reserved").isFalse();
        }
    }

    @Test
    void minKeepAliveSeconds_one_shortKeepAliveAppliedAsAsked() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("minKeepAliveSeconds", 1))) {
            assertThat(appliedKeepAlive(aws, 10)).isEqualTo(30);
            assertThat(appliedKeepAlive(spec, 10)).isEqualTo(10);
        }
    }

    @Test
    void maxKeepAliveSeconds_65535_longKeepAliveAppliedAsAsked() {
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("maxKeepAliveSeconds", 65535))) {
            assertThat(appliedKeepAlive(aws, 5000)).isEqualTo(1200);
            assertThat(appliedKeepAlive(spec, 5000)).isEqualTo(5000);
        }
    }

    @Test
    void limits_moreSlashesAllowed() {
        Limits deeper = new Limits(128 * 1024, 256, 10, 8, 50, 100, 128, 1000);
        try (Broker aws = new Broker(Semantics.AWS);
                Broker spec = new Broker(aws("limits", deeper))) {
            String nineLevels = "a/b/c/d/e/f/g/h/i";
            assertThat(deliveredTopics(aws, nineLevels, nineLevels)).isEmpty();
            assertThat(deliveredTopics(spec, nineLevels, nineLevels)).containsExactly(nineLevels);
        }
    }

    /** {@link Semantics#AWS} with the component {@code name} set to {@code value}. */
    static Semantics aws(String name, Object value) {
        RecordComponent[] components = Semantics.class.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                found |= components[i].getName().equals(name);
                values[i] = components[i].getName().equals(name)
                        ? value
                        : components[i].getAccessor().invoke(Semantics.AWS);
            }
            assertThat(found).as("component " + name).isTrue();
            Constructor<Semantics> canonical = Semantics.class.getDeclaredConstructor(types);
            return canonical.newInstance(values);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (RuntimeException) e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** An embedded broker with {@code semantics} and an allow-all device. */
    static final class Broker implements AutoCloseable {
        final EmbeddedBroker embedded;
        final PeerCertificate allowed;

        Broker(Semantics semantics) {
            embedded = new EmbeddedBroker(b -> b.semantics(semantics));
            allowed = embedded.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)));
        }

        /** A device that may connect as client ID {@code ok} and do nothing else. */
        PeerCertificate connectOnly() {
            return embedded.device(List.of(TestDirectory.policy(
                    "connect",
                    TestDirectory.allow("\"iot:Connect\"", "\"arn:aws:iot:us-east-1:123456789012:client/ok\""))));
        }

        EmbeddedChannel channel(PeerCertificate peer) {
            return embedded.channel(peer);
        }

        EmbeddedChannel connected(String clientId, MqttVersion version) {
            return connected(allowed, clientId, version);
        }

        EmbeddedChannel connected(PeerCertificate peer, String clientId, MqttVersion version) {
            EmbeddedChannel ch = embedded.channel(peer);
            ch.writeInbound(EmbeddedBroker.connect(clientId, version, 60));
            MqttConnAckMessage ack = ch.readOutbound();
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            EmbeddedBroker.drain(ch);
            return ch;
        }

        @Override
        public void close() {
            embedded.close();
        }
    }

    static int maximumQosInConnAck(Broker broker) {
        EmbeddedChannel ch = broker.channel(broker.allowed);
        ch.writeInbound(EmbeddedBroker.connect("q", MqttVersion.MQTT_5, 60));
        MqttConnAckMessage ack = ch.readOutbound();
        return (Integer) ack.variableHeader()
                .properties()
                .getProperty(MqttProperties.MAXIMUM_QOS)
                .value();
    }

    static int appliedKeepAlive(Broker broker, int requested) {
        EmbeddedChannel ch = broker.channel(broker.allowed);
        ch.writeInbound(EmbeddedBroker.connect("ka", MqttVersion.MQTT_5, requested));
        MqttConnAckMessage ack = ch.readOutbound();
        MqttProperties.MqttProperty<?> serverKeepAlive =
                ack.variableHeader().properties().getProperty(MqttProperties.SERVER_KEEP_ALIVE);
        int applied = ch.attr(Connection.KEY).get().appliedKeepAlive();
        // MQTT 5.0 section 3.2.2.3.14: Server Keep Alive is sent exactly when the server applies another value.
        assertThat(serverKeepAlive == null ? requested : serverKeepAlive.value())
                .isEqualTo(applied);
        return applied;
    }

    /** The topics a subscriber to {@code filter} receives when another client publishes QoS 0 to {@code topic}. */
    static List<String> deliveredTopics(Broker broker, String filter, String topic) {
        EmbeddedChannel sub = broker.connected("sub", MqttVersion.MQTT_3_1_1);
        sub.writeInbound(subscribe(1, MqttQoS.AT_MOST_ONCE, filter));
        MqttSubAckMessage ack = sub.readOutbound();
        assertThat(ack).as("SUBACK").isNotNull();
        EmbeddedChannel pub = broker.connected("pub", MqttVersion.MQTT_3_1_1);
        pub.writeInbound(publish(topic, 0, 0, false));
        sub.runPendingTasks();
        return topics(sub);
    }

    /** The retained messages a new subscription to {@code filter} gets when {@code a/b} and {@code c} are retained. */
    static List<String> retainedOnSubscribe(Broker broker, String filter) {
        EmbeddedChannel pub = broker.connected("pub", MqttVersion.MQTT_3_1_1);
        pub.writeInbound(publish("a/b", 0, 0, true));
        pub.writeInbound(publish("c", 0, 0, true));
        EmbeddedChannel sub = broker.connected("sub-" + filter, MqttVersion.MQTT_3_1_1);
        sub.writeInbound(subscribe(1, MqttQoS.AT_LEAST_ONCE, filter));
        sub.runPendingTasks();
        assertThat(sub.<Object>readOutbound()).isInstanceOf(MqttSubAckMessage.class);
        return topics(sub);
    }

    static List<String> topics(EmbeddedChannel ch) {
        List<String> topics = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            if (o instanceof MqttPublishMessage p) {
                topics.add(p.variableHeader().topicName());
            }
            ReferenceCountUtil.release(o);
        }
        return topics;
    }

    static MqttReasonCodes.Disconnect disconnectReason(EmbeddedChannel ch) {
        MqttMessage disconnect = ch.readOutbound();
        return MqttReasonCodes.Disconnect.valueOf(
                ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode());
    }

    static MqttPublishMessage publish(String topic, int qos, int packetId, boolean retain) {
        return MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .messageId(packetId)
                .retained(retain)
                .payload(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8))
                .build();
    }

    static MqttMessage subscribe(int packetId, MqttQoS qos, String filter) {
        return MqttMessageBuilders.subscribe()
                .messageId(packetId)
                .addSubscription(qos, filter)
                .build();
    }
}
