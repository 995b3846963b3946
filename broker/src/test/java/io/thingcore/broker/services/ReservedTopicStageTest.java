package io.thingcore.broker.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.pipeline.Disconnector;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.testing.EchoJobsService;
import io.thingcore.broker.testing.EmbeddedBroker;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.tls.PeerCertificate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests to a reserved-topic service over an {@code EmbeddedChannel}: authorization, replies, PUBACK timing and
 * order, refusals. The service executor is a queue this test runs by hand, on the channels' thread.
 */
class ReservedTopicStageTest {
    static final String ALL = "\"*\"";

    final ArrayDeque<Runnable> serviceTasks = new ArrayDeque<>();
    final EchoJobsService jobs = new EchoJobsService();
    final EmbeddedBroker broker = new EmbeddedBroker(new ReservedTopicServices(List.of(jobs), serviceTasks::add));

    @AfterEach
    void close() {
        broker.close();
    }

    /** A device whose thing {@code thing} is attached and named like its client ID, with {@code policyJson}. */
    PeerCertificate thing(String thing, String policyJson) {
        broker.directory.things.put(thing, new ThingRecord(thing, null, Map.of()));
        return broker.device(List.of(TestDirectory.policy("p-" + thing, policyJson)), thing);
    }

    EmbeddedChannel connected(PeerCertificate peer, String clientId, MqttVersion version) {
        EmbeddedChannel ch = broker.channel(peer);
        ch.writeInbound(EmbeddedBroker.connect(clientId, version, 60));
        EmbeddedBroker.drain(ch);
        return ch;
    }

    static MqttPublishMessage publish(String topic, int qos, int packetId, String payload) {
        return publish(topic, qos, packetId, payload, MqttProperties.NO_PROPERTIES);
    }

    static MqttPublishMessage publish(String topic, int qos, int packetId, String payload, MqttProperties props) {
        return MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .messageId(packetId)
                .properties(props)
                .payload(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8))
                .build();
    }

    static int subscribe(EmbeddedChannel ch, String filter) {
        ch.writeInbound(MqttMessageBuilders.subscribe()
                .messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, filter)
                .build());
        ch.runPendingTasks();
        MqttSubAckMessage ack = ch.readOutbound();
        return ack == null ? -1 : ack.payload().reasonCodes().get(0);
    }

    void runServices() {
        for (Runnable r; (r = serviceTasks.poll()) != null; ) {
            r.run();
        }
    }

    /** Everything written to {@code ch} so far, after its pending tasks ran; the caller releases PUBLISH packets. */
    static List<MqttMessage> outbound(EmbeddedChannel ch) {
        ch.runPendingTasks();
        List<MqttMessage> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.add((MqttMessage) o);
        }
        return out;
    }

    static List<Integer> pubAcks(List<MqttMessage> packets) {
        List<Integer> ids = new ArrayList<>();
        for (MqttMessage m : packets) {
            if (m.fixedHeader().messageType() == MqttMessageType.PUBACK) {
                ids.add(((MqttPubReplyMessageVariableHeader) m.variableHeader()).messageId());
            }
        }
        return ids;
    }

    static List<MqttPublishMessage> publishes(List<MqttMessage> packets) {
        List<MqttPublishMessage> out = new ArrayList<>();
        for (MqttMessage m : packets) {
            if (m instanceof MqttPublishMessage p) {
                out.add(p);
            }
        }
        return out;
    }

    static String text(MqttPublishMessage p) {
        return p.content().toString(StandardCharsets.UTF_8);
    }

    static void release(List<MqttMessage> packets) {
        packets.forEach(ReferenceCountUtil::release);
    }

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String allow(String action, String resource) {
        return "{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}";
    }

    @Test
    void aws_jobsRequest_mqtt311_acceptedReplyRoutedToSubscriber_pubackAfterService() {
        EmbeddedChannel ch = connected(thing("t1", TestDirectory.ALLOW_ALL), "t1", MqttVersion.MQTT_3_1_1);
        assertThat(subscribe(ch, "$aws/things/t1/jobs/get/accepted")).isEqualTo(1);

        ch.writeInbound(publish("$aws/things/t1/jobs/get", 1, 5, "{}"));
        assertThat(outbound(ch)).isEmpty(); // the service has not run: no PUBACK yet
        runServices();
        List<MqttMessage> out = outbound(ch);
        assertThat(pubAcks(out)).containsExactly(5);
        List<MqttPublishMessage> replies = publishes(out);
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).variableHeader().topicName()).isEqualTo("$aws/things/t1/jobs/get/accepted");
        assertThat(text(replies.get(0))).isEqualTo("{\"thing\":\"t1\",\"suffix\":\"get\"}");
        release(out);

        ServiceRequest request = jobs.requests.get(0);
        assertThat(request.thingName()).isEqualTo("t1");
        assertThat(request.requester().thingName()).isEqualTo("t1");
        assertThat(request.requester().clientId()).isEqualTo("t1");
        assertThat(request.requester().protocol()).isEqualTo(ServiceRequest.Protocol.MQTT_3_1_1);
        assertThat(request.qos()).isEqualTo(1);
        assertThat(request.responseTopic()).isNull();
    }

    @Test
    void MQTT_5_4_10_rejectedAndResponseTopicReplies_carryTheCorrelationData() {
        EmbeddedChannel ch = connected(thing("t5", TestDirectory.ALLOW_ALL), "t5", MqttVersion.MQTT_5);
        assertThat(subscribe(ch, "$aws/things/t5/jobs/+/update/+")).isEqualTo(1);
        assertThat(subscribe(ch, "reply/t5")).isEqualTo(1);
        byte[] correlation = {1, 2, 3};
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.RESPONSE_TOPIC, "reply/t5"));
        props.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, correlation));

        ch.writeInbound(publish("$aws/things/t5/jobs/job-1/update", 1, 7, "{\"status\":\"IN_PROGRESS\"}", props));
        ch.writeInbound(publish("$aws/things/t5/jobs/job-1/update", 1, 8, "reject", props));
        runServices();
        List<MqttMessage> out = outbound(ch);
        assertThat(pubAcks(out)).containsExactly(7, 8);
        List<MqttPublishMessage> replies = publishes(out);
        assertThat(replies)
                .extracting(p -> p.variableHeader().topicName())
                .containsExactly(
                        "$aws/things/t5/jobs/job-1/update/accepted",
                        "reply/t5",
                        "$aws/things/t5/jobs/job-1/update/rejected");
        for (MqttPublishMessage reply : replies) {
            MqttProperties.MqttProperty<?> cd =
                    reply.variableHeader().properties().getProperty(MqttProperties.CORRELATION_DATA);
            assertThat((byte[]) cd.value()).containsExactly(1, 2, 3);
        }
        release(out);
        assertThat(jobs.requests.get(0).requester().protocol()).isEqualTo(ServiceRequest.Protocol.MQTT_5);
        assertThat(jobs.requests.get(0).responseTopic()).isEqualTo("reply/t5");
    }

    @Test
    void MQTT_4_6_0_2_pubacksInPublishOrder_whenRequestsCompleteOutOfOrder() {
        EmbeddedChannel ch = connected(thing("t2", TestDirectory.ALLOW_ALL), "t2", MqttVersion.MQTT_3_1_1);
        CompletableFuture<Void> first = new CompletableFuture<>();
        CompletableFuture<Void> second = new CompletableFuture<>();
        jobs.gates.add(first);
        jobs.gates.add(second);
        ch.writeInbound(publish("$aws/things/t2/jobs/start-next", 1, 1, "{}"));
        ch.writeInbound(publish("$aws/things/t2/jobs/start-next", 1, 2, "{}"));
        runServices();
        second.complete(null);
        assertThat(pubAcks(outbound(ch))).isEmpty();
        first.complete(null);
        assertThat(pubAcks(outbound(ch))).containsExactly(1, 2);
    }

    @Test
    void aws_requestWithoutPublishPermission_mqtt311_disconnected_serviceNotCalled() {
        String noPublish = policy(allow("iot:Connect", "*"), allow("iot:Subscribe", "*"), allow("iot:Receive", "*"));
        EmbeddedChannel ch = connected(thing("np3", noPublish), "np3", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(publish("$aws/things/np3/jobs/get", 1, 1, "{}"));
        runServices();
        assertThat(ch.isOpen()).isFalse();
        assertThat(Disconnector.reasonOf(ch)).isEqualTo(DisconnectReason.FORBIDDEN_ACCESS);
        assertThat(jobs.requests).isEmpty();
    }

    @Test
    void aws_requestWithoutPublishPermission_mqtt5_pubackNotAuthorized_serviceNotCalled() {
        String noPublish = policy(allow("iot:Connect", "*"), allow("iot:Subscribe", "*"), allow("iot:Receive", "*"));
        EmbeddedChannel ch = connected(thing("np5", noPublish), "np5", MqttVersion.MQTT_5);
        ch.writeInbound(publish("$aws/things/np5/jobs/get", 1, 3, "{}"));
        runServices();
        MqttMessage ack = outbound(ch).get(0);
        assertThat(((MqttPubReplyMessageVariableHeader) ack.variableHeader()).reasonCode())
                .isEqualTo((byte) 0x87);
        assertThat(ch.isOpen()).isTrue();
        assertThat(jobs.requests).isEmpty();
    }

    @Test
    void aws_replyWithoutReceivePermission_isNotDelivered() {
        String noReceive = policy(
                allow("iot:Connect", "*"),
                allow("iot:Publish", "*"),
                allow("iot:Subscribe", "*"),
                allow("iot:Receive", "arn:aws:iot:*:*:topic/elsewhere"));
        EmbeddedChannel ch = connected(thing("nr", noReceive), "nr", MqttVersion.MQTT_3_1_1);
        assertThat(subscribe(ch, "$aws/things/nr/jobs/get/accepted")).isEqualTo(1);
        ch.writeInbound(publish("$aws/things/nr/jobs/get", 1, 4, "{}"));
        runServices();
        List<MqttMessage> out = outbound(ch);
        assertThat(pubAcks(out)).containsExactly(4);
        assertThat(publishes(out)).isEmpty();
        assertThat(jobs.requests).hasSize(1);
    }

    @Test
    void aws_anotherThingsTopics_asThePolicyGrants() {
        // AWS IoT policies may grant another thing's reserved topics (an application acting for a device); the
        // broker adds no own-thing rule of its own, and tells the service who asked.
        EmbeddedChannel ch = connected(thing("app", TestDirectory.ALLOW_ALL), "app", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(publish("$aws/things/device-9/jobs/get", 0, 0, "{}"));
        runServices();
        assertThat(jobs.requests.get(0).thingName()).isEqualTo("device-9");
        assertThat(jobs.requests.get(0).requester().thingName()).isEqualTo("app");
        assertThat(ch.isOpen()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$aws/things/t3/shadow/update",
                "$aws/things/t3/jobs/get/accepted",
                "$aws/things/t3/jobs/notify-next",
                "$aws/things/t.3/jobs/get",
                "$aws/events/presence/connected/t3",
                "$SYS/broker"
            })
    void aws_publishToAnyOtherReservedTopic_mqtt311_disconnectedForbiddenAccess(String topic) {
        EmbeddedChannel ch = connected(thing("t3", TestDirectory.ALLOW_ALL), "t3", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(publish(topic, 1, 1, "{}"));
        runServices();
        assertThat(ch.isOpen()).isFalse();
        assertThat(Disconnector.reasonOf(ch)).isEqualTo(DisconnectReason.FORBIDDEN_ACCESS);
        assertThat(jobs.requests).isEmpty();
    }

    @Test
    void aws_publishToAnyOtherReservedTopic_mqtt5_disconnectNotAuthorized() {
        EmbeddedChannel ch = connected(thing("t4", TestDirectory.ALLOW_ALL), "t4", MqttVersion.MQTT_5);
        ch.writeInbound(publish("$aws/things/t4/jobs/get/rejected", 1, 1, "{}"));
        MqttMessage disconnect = outbound(ch).get(0);
        assertThat(((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode())
                .isEqualTo((byte) 0x87);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aws_retainedRequest_refusedAsReserved() {
        EmbeddedChannel ch = connected(thing("t6", TestDirectory.ALLOW_ALL), "t6", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(MqttMessageBuilders.publish()
                .topicName("$aws/things/t6/jobs/get")
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(1)
                .retained(true)
                .payload(Unpooled.EMPTY_BUFFER)
                .build());
        assertThat(ch.isOpen()).isFalse();
        assertThat(jobs.requests).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#"})
    void aws_wildcardClientId_cannotWidenThingTopics(String clientId) {
        // The policy grants each client its own thing's jobs topics through ${iot:ClientId}; a client ID that is a
        // wildcard is data: the variable is not substituted (AWS IoT developer guide, "Basic policy variables"), and
        // a wildcard in a topic name names no thing.
        String own = policy(
                allow("iot:Connect", "*"),
                allow("iot:Publish", "arn:aws:iot:*:*:topic/$aws/things/${iot:ClientId}/jobs/*"),
                allow("iot:Subscribe", "arn:aws:iot:*:*:topicfilter/$aws/things/${iot:ClientId}/jobs/*"),
                allow("iot:Receive", "arn:aws:iot:*:*:topic/$aws/things/${iot:ClientId}/jobs/*"));
        PeerCertificate peer = broker.device(List.of(TestDirectory.policy("own", own)));
        EmbeddedChannel ch = connected(peer, clientId, MqttVersion.MQTT_5);
        assertThat(subscribe(ch, "$aws/things/" + clientId + "/jobs/get/accepted"))
                .isIn(0x87, 0x8F);
        assertThat(subscribe(ch, "$aws/things/+/jobs/get/accepted")).isEqualTo(0x87);
        ch.writeInbound(publish("$aws/things/" + clientId + "/jobs/get", 1, 1, "{}"));
        runServices();
        assertThat(ch.isOpen()).isFalse();
        assertThat(jobs.requests).isEmpty();
    }

    @Test
    void aws_serviceFailure_mqtt5_pubackUnspecifiedError() {
        EmbeddedChannel ch = connected(thing("f5", TestDirectory.ALLOW_ALL), "f5", MqttVersion.MQTT_5);
        ch.writeInbound(publish("$aws/things/f5/jobs/get", 1, 9, "fail"));
        runServices();
        MqttMessage ack = outbound(ch).get(0);
        MqttPubReplyMessageVariableHeader h = (MqttPubReplyMessageVariableHeader) ack.variableHeader();
        assertThat(h.messageId()).isEqualTo(9);
        assertThat(h.reasonCode()).isEqualTo((byte) 0x80);
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void aws_serviceFailure_mqtt311_disconnectedWithoutPuback() {
        EmbeddedChannel ch = connected(thing("f3", TestDirectory.ALLOW_ALL), "f3", MqttVersion.MQTT_3_1_1);
        ch.writeInbound(publish("$aws/things/f3/jobs/get", 1, 9, "fail"));
        runServices();
        assertThat(pubAcks(outbound(ch))).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(Disconnector.reasonOf(ch)).isEqualTo(DisconnectReason.SERVER_ERROR);
    }

    @Test
    void aws_servicesBusy_mqtt5_pubackQuotaExceeded_mqtt311_throttled() {
        try (EmbeddedBroker busy = new EmbeddedBroker(new ReservedTopicServices(List.of(jobs), task -> {
            throw new RejectedExecutionException("full");
        }))) {
            busy.directory.things.put("b", new ThingRecord("b", null, Map.of()));
            PeerCertificate peer = busy.device(List.of(TestDirectory.policy("all", TestDirectory.ALLOW_ALL)), "b");
            EmbeddedChannel v5 = busy.channel(peer);
            v5.writeInbound(EmbeddedBroker.connect("b", MqttVersion.MQTT_5, 60));
            EmbeddedBroker.drain(v5);
            v5.writeInbound(publish("$aws/things/b/jobs/get", 1, 2, "{}"));
            MqttMessage ack = outbound(v5).get(0);
            assertThat(((MqttPubReplyMessageVariableHeader) ack.variableHeader()).reasonCode())
                    .isEqualTo((byte) 0x97);

            EmbeddedChannel v3 = busy.channel(peer);
            v3.writeInbound(EmbeddedBroker.connect("b3", MqttVersion.MQTT_3_1_1, 60));
            EmbeddedBroker.drain(v3);
            v3.writeInbound(publish("$aws/things/b/jobs/get", 1, 2, "{}"));
            assertThat(v3.isOpen()).isFalse();
            assertThat(Disconnector.reasonOf(v3)).isEqualTo(DisconnectReason.THROTTLED);
        }
    }
}
