package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.testkit.InProcessGateway;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thingcore mqtt sub|pub} and {@code thingcore device simulate} against a gateway started in-process, with
 * the files {@code thingcore dic provision} wrote. Only one command runs through {@link CliRun} at a time (it swaps
 * System.out); the other side of each exchange is a client in the test.
 */
class MqttAndDeviceCommandTest {
    @TempDir
    Path temp;

    private InProcessGateway gateway;
    private Path out;
    private EventLoopGroup group;

    @BeforeEach
    void provision() {
        gateway = InProcessGateway.start(temp.resolve("data"));
        out = temp.resolve("dic-out");
        CliRun run = CliRun.of(
                "dic", "provision", "--connection", gateway.connectionFile().toString(), "--out", out.toString());
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        group = MqttClient.newEventLoopGroup(1);
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gateway.close();
    }

    private MqttClient connect(ProvisionedClient.Role role, BlockingQueue<String> inbox) throws Exception {
        ProvisionedClient files = ProvisionedClient.read(out, role);
        return MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(files.certificate(), files.key(), files.serverCa(), TlsEngine.AUTO),
                        MqttClientOptions.of(files.host(), files.port(), files.clientId()),
                        (topic, payload, qos, retain) ->
                                inbox.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void subPrintsTopicAndPayloadLikeMosquittoSubV() throws Exception {
        CompletableFuture<CliRun> sub = CompletableFuture.supplyAsync(() -> CliRun.of(
                "mqtt",
                "sub",
                "--dic-out",
                out.toString(),
                "--as",
                "explorer",
                "--topic",
                "light/#",
                "--count",
                "2",
                "--timeout",
                "20"));
        MqttClient device = connect(ProvisionedClient.Role.DEVICE, new LinkedBlockingQueue<>());
        // QoS 0 until the subscription is in place, as the firmware publishes.
        for (int i = 0; i < 100 && !sub.isDone(); i++) {
            device.publish("light/state", i % 2 == 0 ? "on" : "off", MqttQoS.AT_MOST_ONCE, false);
            Thread.sleep(100);
        }
        CliRun run = sub.get(20, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout().lines().toList()).hasSize(2).allMatch(l -> l.matches("light/state (on|off)"));
        device.disconnect().get(5, TimeUnit.SECONDS);
    }

    @Test
    void subTimesOutWithExitCodeThree() {
        CliRun run = CliRun.of(
                "mqtt", "sub", "--dic-out", out.toString(), "--topic", "lock/#", "--count", "1", "--timeout", "1");
        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(MqttCommand.EXIT_TIMEOUT);
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void pubPublishesAtQos1AndWaitsForThePubAck() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient device = connect(ProvisionedClient.Role.DEVICE, inbox);
        device.subscribe(List.of("command"), MqttQoS.AT_LEAST_ONCE).get(5, TimeUnit.SECONDS);

        CliRun run = CliRun.of(
                "mqtt",
                "pub",
                "--dic-out",
                out.toString(),
                "--as",
                "explorer",
                "--topic",
                "command",
                "--message",
                "toggle",
                "--qos",
                "1");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(inbox.poll(5, TimeUnit.SECONDS)).isEqualTo("command toggle");
        device.disconnect().get(5, TimeUnit.SECONDS);
    }

    @Test
    void explicitFilesAndConnectionWorkWithoutDicOut() {
        CliRun run = CliRun.of(
                "mqtt",
                "pub",
                "--connection",
                gateway.connectionFile().toString(),
                "--cert",
                out.resolve("explorer.crt").toString(),
                "--key",
                out.resolve("explorer.key").toString(),
                "--client-id",
                "DIC_EXPLORER",
                "--sni",
                "localhost",
                "-t",
                "command",
                "-m",
                "on");
        assertThat(run.exitCode()).as(run.stderr()).isZero();
    }

    @Test
    void aCertificateTheGatewayDoesNotKnowIsOneClearLine() {
        CliRun certs = CliRun.of("certs", "ca", "--out", temp.resolve("other").toString());
        assertThat(certs.exitCode()).isZero();
        CliRun device =
                CliRun.of("certs", "device", "--ca", temp.resolve("other").toString(), "--name", "stranger");
        assertThat(device.exitCode()).isZero();

        CliRun run = CliRun.of(
                "mqtt",
                "pub",
                "--dic-out",
                out.toString(),
                "--cert",
                temp.resolve("other/stranger.crt").toString(),
                "--key",
                temp.resolve("other/stranger.key").toString(),
                "-t",
                "command",
                "-m",
                "on");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errors(run))
                .singleElement()
                .asString()
                .startsWith(
                        "thingcore: the gateway refused the certificate (not registered, inactive, or SNI missing)");
    }

    @Test
    void aStoppedGatewayIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.of(
                "mqtt",
                "pub",
                "--dic-out",
                out.toString(),
                "--port",
                Integer.toString(port),
                "-t",
                "command",
                "-m",
                "on");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(errors(run))
                .singleElement()
                .asString()
                .startsWith("thingcore: connection refused by localhost:" + port);
    }

    /** The command's own error lines (the in-process gateway logs to the same stderr). */
    private static List<String> errors(CliRun run) {
        return run.stderr().lines().filter(l -> l.startsWith("thingcore:")).toList();
    }

    @Test
    void missingSettingsSayWhatToPass() {
        CliRun noOut =
                CliRun.of("mqtt", "sub", "--dic-out", temp.resolve("nowhere").toString(), "-t", "x");
        assertThat(noOut.exitCode()).isEqualTo(1);
        assertThat(noOut.stderr()).contains("no provision.json in").contains("thingcore dic provision");

        CliRun noIdentity = CliRun.of(
                "mqtt", "pub", "--connection", gateway.connectionFile().toString(), "-t", "command", "-m", "on");
        assertThat(noIdentity.exitCode()).isEqualTo(1);
        assertThat(noIdentity.stderr()).contains("--cert, --key and --client-id");

        CliRun qos2 = CliRun.of("mqtt", "pub", "--dic-out", out.toString(), "-t", "x", "-m", "y", "--qos", "2");
        assertThat(qos2.exitCode()).isEqualTo(1);
        assertThat(qos2.stderr()).contains("use 0 or 1");
    }

    @Test
    void simulateRunsTheLightingAppFromTheFirmwareFilesUntilItsDurationEnds() throws Exception {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        MqttClient explorer = connect(ProvisionedClient.Role.EXPLORER, inbox);
        explorer.subscribe(List.of("light/#"), MqttQoS.AT_MOST_ONCE).get(5, TimeUnit.SECONDS);

        CompletableFuture<CliRun> simulate = CompletableFuture.supplyAsync(() ->
                CliRun.of("device", "simulate", "--dic-out", out.toString(), "--app", "lighting", "--duration", "4"));
        // No publish on connect: keep sending until the device, once subscribed, reacts.
        String first = null;
        for (int i = 0; i < 50 && first == null; i++) {
            explorer.publish("command", "on", MqttQoS.AT_MOST_ONCE, false).get(5, TimeUnit.SECONDS);
            first = inbox.poll(200, TimeUnit.MILLISECONDS);
        }
        assertThat(first).isEqualTo("light/state on");

        CliRun run = simulate.get(20, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout())
                .contains("simulating the dic lighting app as DIC_2 on ")
                .contains("(dic, no SNI); subscribed to \"command\"")
                .contains("on: OnOff off -> on")
                .contains("published light/state on");
        explorer.disconnect().get(5, TimeUnit.SECONDS);
    }

    @Test
    void simulateRefusesAFirmwareThatDoesNotMatchTheFiles() {
        CliRun run = CliRun.of(
                "device", "simulate", "--dic-out", out.toString(), "--firmware", "matter-aws", "--duration", "1");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr())
                .contains("--firmware matter-aws does not match")
                .contains("dic files");
    }
}
