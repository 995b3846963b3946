package io.thingcore.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.broker.SniRule;
import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;

/**
 * The client against a gateway started in-process, as a DIC device and MQTT Explorer use it: mutual TLS with SNI,
 * the guide's SNI_ONLY CA, subscribe, publish at QoS 0 and 1; and the ways a connection is refused.
 */
class ClientAgainstGatewayTest {
    private static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @TempDir
    static Path dataDir;

    private static InProcessGateway gateway;
    private static ConnectionInfo connection;
    private static EventLoopGroup group;
    private static TestCa ca;
    private static String serverCaPem;

    @BeforeAll
    static void startGatewayAndRegisterTwoClients() throws IOException {
        // AWS IoT's SNI rule, so that a refusal in the handshake can be observed from the client side.
        gateway = InProcessGateway.start(dataDir, config -> config.sniRule(SniRule.STRICT));
        connection = gateway.connection();
        serverCaPem = gateway.serverCaPem();
        group = MqttClient.newEventLoopGroup(2);
        ca = TestPki.ca("CN=DIC CA");
        try (IotClient iot = AwsClients.iot(connection)) {
            iot.registerCACertificate(b -> b.caCertificate(Pem.write(ca.certificate()))
                    .certificateMode(CertificateMode.SNI_ONLY)
                    .setAsActive(true)
                    .allowAutoRegistration(false));
            iot.createPolicy(b -> b.policyName("DIC_POLICY").policyDocument(ALLOW_ALL));
            for (String thing : List.of("DIC_2", "DIC_EXPLORER")) {
                Identity identity = identity(thing);
                iot.createThing(b -> b.thingName(thing));
                String arn = iot.registerCertificate(b -> b.certificatePem(identity.certificatePem())
                                .caCertificatePem(Pem.write(ca.certificate()))
                                .status(CertificateStatus.ACTIVE))
                        .certificateArn();
                iot.attachPolicy(b -> b.policyName("DIC_POLICY").target(arn));
                iot.attachThingPrincipal(b -> b.thingName(thing).principal(arn));
                IDENTITIES.put(thing, identity);
            }
        }
    }

    private static final java.util.Map<String, Identity> IDENTITIES = new java.util.concurrent.ConcurrentHashMap<>();

    private record Identity(String certificatePem, String keyPem) {}

    private static Identity identity(String thing) {
        Device device = TestPki.deviceV1(ca, "CN=" + thing);
        return new Identity(Pem.write(device.certificate()), Pem.writeSec1(device.privateKey()));
    }

    @AfterAll
    static void stop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private static ClientTls tls(Identity identity, TlsEngine engine) {
        return ClientTls.fromPem(identity.certificatePem(), identity.keyPem(), serverCaPem, engine);
    }

    private static MqttClientOptions options(String clientId) {
        return MqttClientOptions.of(connection.mqttHost(), connection.mqttPort(), clientId)
                .withKeepAlive(0)
                .withConnectTimeout(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsEngine.class,
            names = {"JDK", "OPENSSL"})
    void theExplorerSeesTheDevicesStateAndTheDeviceGetsTheCommand(TlsEngine engine) throws Exception {
        BlockingQueue<String> explorerInbox = new LinkedBlockingQueue<>();
        BlockingQueue<String> deviceInbox = new LinkedBlockingQueue<>();
        MqttClient explorer = MqttClient.connect(
                        group,
                        tls(IDENTITIES.get("DIC_EXPLORER"), engine),
                        options("DIC_EXPLORER").withKeepAlive(30),
                        (topic, payload, qos, retain) ->
                                explorerInbox.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        MqttClient device = MqttClient.connect(
                        group,
                        tls(IDENTITIES.get("DIC_2"), engine),
                        options("DIC_2"),
                        (topic, payload, qos, retain) ->
                                deviceInbox.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
        assertThat(explorer.connectResult().accepted()).isTrue();

        assertThat(explorer.subscribe(List.of("light/#"), MqttQoS.AT_LEAST_ONCE).get(5, TimeUnit.SECONDS))
                .containsExactly(1);
        assertThat(device.subscribe(List.of("command"), MqttQoS.AT_MOST_ONCE).get(5, TimeUnit.SECONDS))
                .containsExactly(0);

        device.publish("light/state", "on", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);
        assertThat(explorerInbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state on");
        explorer.publish("command", "toggle", MqttQoS.AT_LEAST_ONCE, false).get(5, TimeUnit.SECONDS);
        assertThat(deviceInbox.poll(5, TimeUnit.SECONDS)).isEqualTo("command toggle");
        device.publish("light/state", "off", MqttQoS.AT_LEAST_ONCE, false).get(5, TimeUnit.SECONDS);
        assertThat(explorerInbox.poll(5, TimeUnit.SECONDS)).isEqualTo("light/state off");

        device.disconnect().get(5, TimeUnit.SECONDS);
        explorer.disconnect().get(5, TimeUnit.SECONDS);
        assertThat(device.isOpen()).isFalse();
        assertThat(explorer.closeFuture()).isCompleted();
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsEngine.class,
            names = {"JDK", "OPENSSL"})
    void anUnregisteredCertificateIsRefusedByTheGateway(TlsEngine engine) {
        MqttConnectException failure = failure(tls(identity("DIC_UNKNOWN"), engine), options("DIC_UNKNOWN"));
        assertThat(failure.failure()).isEqualTo(MqttConnectException.Failure.REFUSED_BY_GATEWAY);
        assertThat(failure.getMessage()).contains("the gateway refused the certificate");
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsEngine.class,
            names = {"JDK", "OPENSSL"})
    void withoutSniAnSniOnlyCertificateIsRefused(TlsEngine engine) {
        // An IP literal as server name: SNI cannot carry it, so none is sent; the server certificate names 127.0.0.1.
        MqttConnectException failure = failure(
                tls(IDENTITIES.get("DIC_2"), engine),
                new MqttClientOptions(
                        "127.0.0.1",
                        connection.mqttPort(),
                        "127.0.0.1",
                        "DIC_2",
                        0,
                        true,
                        Duration.ofSeconds(10),
                        MqttClientOptions.DEFAULT_MAX_PACKET_BYTES,
                        null));
        assertThat(failure.failure()).isEqualTo(MqttConnectException.Failure.REFUSED_BY_GATEWAY);
    }

    @ParameterizedTest
    @EnumSource(
            value = TlsEngine.class,
            names = {"JDK", "OPENSSL"})
    void aServerNameTheGatewayCertificateDoesNotHoldIsNotTrusted(TlsEngine engine) {
        MqttConnectException failure =
                failure(tls(IDENTITIES.get("DIC_2"), engine), options("DIC_2").withServerName("gateway.example.com"));
        assertThat(failure.failure()).isEqualTo(MqttConnectException.Failure.SERVER_NOT_TRUSTED);
        assertThat(failure.getMessage()).contains("gateway.example.com");
    }

    @Test
    void aServerCertificateFromAnotherCaIsNotTrusted() {
        Identity device = IDENTITIES.get("DIC_2");
        ClientTls tls = ClientTls.fromPem(
                device.certificatePem(), device.keyPem(), Pem.write(ca.certificate()), TlsEngine.AUTO);
        assertThat(failure(tls, options("DIC_2")).failure()).isEqualTo(MqttConnectException.Failure.SERVER_NOT_TRUSTED);
    }

    @Test
    void aClosedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        MqttConnectException failure =
                failure(tls(IDENTITIES.get("DIC_2"), TlsEngine.AUTO), MqttClientOptions.of("127.0.0.1", port, "DIC_2"));
        assertThat(failure.failure()).isEqualTo(MqttConnectException.Failure.UNREACHABLE);
        assertThat(failure.getMessage()).startsWith("connection refused by 127.0.0.1:" + port);
    }

    @Test
    void aPlainTcpServerIsNotTls() throws Exception {
        int apiPort = java.net.URI.create(connection.apiEndpoint()).getPort();
        MqttConnectException failure = failure(
                tls(IDENTITIES.get("DIC_2"), TlsEngine.AUTO), MqttClientOptions.of("127.0.0.1", apiPort, "DIC_2"));
        assertThat(failure.failure())
                .isIn(MqttConnectException.Failure.TLS_FAILED, MqttConnectException.Failure.REFUSED_BY_GATEWAY);
    }

    private static MqttConnectException failure(ClientTls tls, MqttClientOptions options) {
        var future = MqttClient.connect(group, tls, options, MessageListener.NONE);
        assertThatThrownBy(() -> future.get(15, TimeUnit.SECONDS)).hasCauseInstanceOf(MqttConnectException.class);
        try {
            future.join();
            throw new AssertionError("connected");
        } catch (CompletionException e) {
            return (MqttConnectException) e.getCause();
        }
    }
}
