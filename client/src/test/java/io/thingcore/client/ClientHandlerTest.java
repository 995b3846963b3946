package io.thingcore.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client protocol on an {@link EmbeddedChannel}: packets in and out as Netty MQTT messages, no TLS, no socket. */
class ClientHandlerTest {
    private final List<String> received = new ArrayList<>();
    private final MessageListener listener = (topic, payload, qos, retain) -> received.add(topic + " "
            + payload.toString(StandardCharsets.UTF_8) + " qos" + qos.value() + (retain ? " retained" : ""));

    private EmbeddedChannel channel;
    private ClientHandler handler;

    @AfterEach
    void finish() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private void open(MqttClientOptions options) {
        handler = new ClientHandler(options, listener);
        channel = new EmbeddedChannel(handler);
    }

    private static MqttClientOptions options() {
        return MqttClientOptions.of("localhost", 8883, "DIC_2").withKeepAlive(0);
    }

    private MqttConnectMessage handshake() {
        channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        return channel.readOutbound();
    }

    private void accept() {
        handshake();
        channel.writeInbound(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .build());
        assertThat(handler.connected()).isCompleted();
    }

    @Test
    void connectGoesOutOnHandshakeCompletionWithTheOptions() {
        open(options());
        assertThat(channel.<Object>readOutbound())
                .as("nothing before the TLS handshake")
                .isNull();

        MqttConnectMessage connect = handshake();

        assertThat(connect.payload().clientIdentifier()).isEqualTo("DIC_2");
        assertThat(connect.variableHeader().keepAliveTimeSeconds()).isZero();
        assertThat(connect.variableHeader().isCleanSession()).isTrue();
        assertThat(connect.variableHeader().version()).isEqualTo(4);
        assertThat(connect.variableHeader().hasUserName()).isFalse();
    }

    @Test
    void anAcceptingConnAckCompletesTheConnectionAndKeepAliveZeroAddsNoPing() {
        open(options());
        accept();
        assertThat(handler.connected().join().accepted()).isTrue();
        assertThat(channel.pipeline().get(ClientHandler.KEEP_ALIVE)).isNull();
    }

    @Test
    void aKeepAliveSendsPingRequestsWhenTheClientIsQuiet() {
        open(options().withKeepAlive(30));
        accept();
        assertThat(channel.pipeline().get(ClientHandler.KEEP_ALIVE)).isNotNull();
        channel.advanceTimeBy(31, TimeUnit.SECONDS);
        channel.runPendingTasks();
        MqttMessage ping = channel.readOutbound();
        assertThat(ping.fixedHeader().messageType()).isEqualTo(MqttMessageType.PINGREQ);
    }

    @Test
    void aRefusingConnAckFailsTheConnectionWithItsReturnCodeAndCloses() {
        open(options());
        handshake();
        channel.writeInbound(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED)
                .build());

        MqttConnectException failure = connectFailure();
        assertThat(failure.failure()).isEqualTo(MqttConnectException.Failure.CONNACK_REFUSED);
        assertThat(failure.returnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        assertThat(failure.getMessage()).contains("return code 5");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aCloseRightAfterTheHandshakeMeansTheGatewayRefusedTheCertificate() {
        open(options());
        handshake();
        channel.close();

        MqttConnectException failure = connectFailure();
        assertThat(failure.failure()).isEqualTo(MqttConnectException.Failure.REFUSED_BY_GATEWAY);
        assertThat(failure.getMessage())
                .startsWith("the gateway refused the certificate (not registered, inactive, or SNI missing)");
        assertThat(handler.closed()).isCompletedExceptionally();
    }

    @Test
    void aFatalAlertDuringTheHandshakeIsARefusalAndAnUntrustedServerIsNot() {
        open(options());
        channel.pipeline()
                .fireUserEventTriggered(new SslHandshakeCompletionEvent(
                        new SSLHandshakeException("Received fatal alert: bad_certificate")));
        assertThat(connectFailure().failure()).isEqualTo(MqttConnectException.Failure.REFUSED_BY_GATEWAY);

        open(options());
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertificateException("No subject alternative DNS name matching localhost found."));
        channel.pipeline().fireUserEventTriggered(new SslHandshakeCompletionEvent(untrusted));
        MqttConnectException failure = connectFailure();
        assertThat(failure.failure()).isEqualTo(MqttConnectException.Failure.SERVER_NOT_TRUSTED);
        assertThat(failure.getMessage()).contains("No subject alternative DNS name matching localhost");
    }

    @Test
    void noConnAckWithinTheTimeoutFailsTheConnection() {
        open(options().withConnectTimeout(Duration.ofSeconds(5)));
        handshake();
        channel.advanceTimeBy(6, TimeUnit.SECONDS);
        channel.runPendingTasks();

        assertThat(connectFailure().failure()).isEqualTo(MqttConnectException.Failure.TIMEOUT);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void qos0CompletesWhenWrittenAndQos1OnItsPubAck() {
        open(options());
        accept();

        CompletableFuture<Void> qos0 = new CompletableFuture<>();
        handler.publish("light/state", text("on"), MqttQoS.AT_MOST_ONCE, false, qos0);
        MqttPublishMessage first = channel.readOutbound();
        assertThat(first.variableHeader().topicName()).isEqualTo("light/state");
        assertThat(first.payload().toString(StandardCharsets.UTF_8)).isEqualTo("on");
        first.release();
        assertThat(qos0).isCompleted();

        CompletableFuture<Void> qos1 = new CompletableFuture<>();
        handler.publish("light/state", text("off"), MqttQoS.AT_LEAST_ONCE, true, qos1);
        MqttPublishMessage second = channel.readOutbound();
        assertThat(second.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
        assertThat(second.fixedHeader().isRetain()).isTrue();
        int packetId = second.variableHeader().packetId();
        assertThat(packetId).isPositive();
        second.release();
        assertThat(qos1).isNotDone();

        channel.writeInbound(MqttMessageBuilders.pubAck().packetId(packetId).build());
        assertThat(qos1).isCompleted();
    }

    @Test
    void subscribeCompletesWithTheSubAckCodes() {
        open(options());
        accept();

        CompletableFuture<List<Integer>> result = new CompletableFuture<>();
        handler.subscribe(List.of("light/#", "$aws/denied"), MqttQoS.AT_MOST_ONCE, result);
        MqttSubscribeMessage subscribe = channel.readOutbound();
        assertThat(subscribe.payload().topicSubscriptions())
                .extracting(s -> s.topicFilter())
                .containsExactly("light/#", "$aws/denied");
        channel.writeInbound(MqttMessageBuilders.subAck()
                .packetId(subscribe.variableHeader().messageId())
                .addGrantedQoses(MqttQoS.AT_MOST_ONCE, MqttQoS.FAILURE)
                .build());

        assertThat(result.join()).containsExactly(0, MqttClient.SUBACK_FAILURE);
    }

    @Test
    void incomingMessagesReachTheListenerAndQos1IsAcknowledgedAfterIt() {
        open(options());
        accept();

        channel.writeInbound(MqttMessageBuilders.publish()
                .topicName("command")
                .payload(text("toggle"))
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(7)
                .build());
        channel.writeInbound(MqttMessageBuilders.publish()
                .topicName("light/state")
                .payload(text("on"))
                .qos(MqttQoS.AT_MOST_ONCE)
                .retained(true)
                .build());

        assertThat(received).containsExactly("command toggle qos1", "light/state on qos0 retained");
        MqttPubAckMessage ack = channel.readOutbound();
        assertThat(ack.variableHeader().messageId()).isEqualTo(7);
        assertThat(channel.<Object>readOutbound()).isNull();
    }

    @Test
    void aLostConnectionFailsWhatIsInFlightAndTheCloseFuture() {
        open(options());
        accept();
        CompletableFuture<Void> qos1 = new CompletableFuture<>();
        handler.publish("light/state", text("on"), MqttQoS.AT_LEAST_ONCE, false, qos1);
        ((MqttPublishMessage) channel.readOutbound()).release();

        channel.close();

        assertThat(qos1).isCompletedExceptionally();
        assertThat(handler.closed()).isCompletedExceptionally();
        CompletableFuture<Void> late = new CompletableFuture<>();
        ByteBuf payload = text("late");
        handler.publish("light/state", payload, MqttQoS.AT_MOST_ONCE, false, late);
        assertThat(late).isCompletedExceptionally();
        assertThat(payload.refCnt()).as("released").isZero();
    }

    @Test
    void disconnectSendsDisconnectAndClosesCleanly() {
        open(options());
        accept();
        handler.disconnect();
        MqttMessage disconnect = channel.readOutbound();
        assertThat(disconnect.fixedHeader().messageType()).isEqualTo(MqttMessageType.DISCONNECT);
        assertThat(channel.isOpen()).isFalse();
        assertThat(handler.closed()).isCompleted();
    }

    @Test
    void aPacketBeforeConnAckIsAProtocolError() {
        open(options());
        handshake();
        channel.writeInbound(MqttMessageBuilders.pubAck().packetId(1).build());
        assertThat(channel.isOpen()).isFalse();
        assertThat(handler.connected()).isCompletedExceptionally();
    }

    private MqttConnectException connectFailure() {
        assertThat(handler.connected()).isCompletedExceptionally();
        try {
            handler.connected().join();
            throw new AssertionError("connected");
        } catch (CompletionException e) {
            return (MqttConnectException) e.getCause();
        }
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }
}
