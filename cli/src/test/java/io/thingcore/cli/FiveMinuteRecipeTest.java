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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * The README's "Matter DIC in five minutes", step 7 without hardware: the board ({@code device simulate}), the remote
 * user's {@code mqtt sub --as explorer} in the background (a process of its own, as in a second terminal) and
 * {@code mqtt pub --as explorer} toggling the light; the subscriber prints {@code light/state on}. Both terminal
 * clients use the explorer's certificate and must not take each other's connection over. The README's own recipe,
 * with the guide's policy, is pasted verbatim by {@code it/ReadmePastedIT}; here the least-privilege policy and a
 * subscriber taken over.
 */
class FiveMinuteRecipeTest {
    @TempDir
    Path temp;

    private InProcessGateway gateway;
    private EventLoopGroup group;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        gateway = InProcessGateway.start(temp.resolve("data"));
        group = MqttClient.newEventLoopGroup(1);
    }

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gateway.close();
    }

    @Test
    void theSubscriberPrintsTheToggledStateWithTheLeastPrivilegePolicy() throws Exception {
        Path guide = provision("dic-out");
        Path out = provision("dic-out-least", "--least-privilege", "--policy-name", "DIC_LEAST");
        assertThat(recipe(out, guide)).isEqualTo("light/state on");
    }

    @Test
    void aSubscriberWhoseClientIdIsTakenOverSaysSo() throws Exception {
        Path out = provision("dic-out");
        BlockingQueue<String> events = watchSubscriptions(out);
        CompletableFuture<CliRun> sub = CompletableFuture.supplyAsync(() -> CliRun.of(
                "mqtt",
                "sub",
                "--dic-out",
                out.toString(),
                "--as",
                "explorer",
                "--client-id",
                "DIC_EXPLORER",
                "-t",
                "light/#",
                "--timeout",
                "60"));
        awaitSubscribed(events, "DIC_EXPLORER");

        ProvisionedClient explorer = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        MqttClient second = MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(
                                explorer.certificate(), explorer.key(), explorer.serverCa(), TlsEngine.AUTO),
                        MqttClientOptions.of(explorer.host(), explorer.port(), "DIC_EXPLORER"),
                        (topic, payload, qos, retain) -> {})
                .get(10, TimeUnit.SECONDS);

        CliRun run = sub.get(30, TimeUnit.SECONDS);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr().lines().filter(l -> l.startsWith("thingcore: ")))
                .singleElement()
                .asString()
                .startsWith("thingcore: the gateway closed the connection of client ID DIC_EXPLORER (")
                .contains("another connection with client ID DIC_EXPLORER took over");
        second.disconnect().get(5, TimeUnit.SECONDS);
    }

    private Path provision(String directory, String... options) {
        Path out = temp.resolve(directory);
        List<String> args = new ArrayList<>(List.of(
                "dic", "provision", "--connection", gateway.connectionFile().toString(), "--out", out.toString()));
        if (options.length > 0) {
            // A second workflow on the same gateway: its own things.
            args.addAll(List.of("--thing", "LP_2", "--explorer-thing", "LP_EXPLORER"));
            args.addAll(List.of(options));
        }
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        return out;
    }

    /**
     * Runs the three terminals with the files in {@code out}; returns the subscriber's only line. The test watches
     * the clients subscribe with an identity of {@code watcherOut} (the guide's policy allows lifecycle topics).
     */
    private String recipe(Path out, Path watcherOut) throws Exception {
        BlockingQueue<String> events = watchSubscriptions(watcherOut);
        ProvisionedClient device = ProvisionedClient.read(out, ProvisionedClient.Role.DEVICE);
        ProvisionedClient explorer = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);

        // Terminal 1, the board.
        CompletableFuture<Integer> board = CompletableFuture.supplyAsync(() -> ThingcoreCommand.commandLine()
                .execute("device", "simulate", "--dic-out", out.toString(), "--app", "lighting", "--duration", "90"));
        awaitSubscribed(events, device.clientId());

        // Terminal 2, in the background.
        Process sub = cli(
                "mqtt",
                "sub",
                "--dic-out",
                out.toString(),
                "--as",
                "explorer",
                "--topic",
                "light/#",
                "--count",
                "1",
                "--timeout",
                "90");
        awaitSubscribed(events, explorer.clientId() + ".sub." + sub.pid());

        // Terminal 3.
        CliRun pub = CliRun.of(
                "mqtt",
                "pub",
                "--dic-out",
                out.toString(),
                "--as",
                "explorer",
                "--topic",
                "command",
                "--message",
                "toggle");
        assertThat(pub.exitCode()).as(pub.stderr()).isZero();

        assertThat(sub.waitFor(60, TimeUnit.SECONDS))
                .as("the subscriber exits after its message")
                .isTrue();
        String printed = new String(sub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sub.exitValue())
                .as(new String(sub.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(board.isDone()).as("the board is still connected").isFalse();
        return printed.strip();
    }

    /** {@code thingcore ARGS} in a JVM of its own, as a second terminal runs it. */
    private Process cli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                ThingcoreCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        return process;
    }

    /** {@code $aws/events/subscriptions/subscribed/+} as a watcher with the explorer's certificate sees them. */
    private BlockingQueue<String> watchSubscriptions(Path out) throws Exception {
        ProvisionedClient explorer = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        BlockingQueue<String> clientIds = new LinkedBlockingQueue<>();
        MqttClient watcher = MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(
                                explorer.certificate(), explorer.key(), explorer.serverCa(), TlsEngine.AUTO),
                        MqttClientOptions.of(explorer.host(), explorer.port(), explorer.clientId() + ".watcher"),
                        (topic, payload, qos, retain) -> clientIds.add(topic.substring(topic.lastIndexOf('/') + 1)))
                .get(10, TimeUnit.SECONDS);
        watcher.subscribe(List.of("$aws/events/subscriptions/subscribed/+"), MqttQoS.AT_MOST_ONCE)
                .get(5, TimeUnit.SECONDS);
        return clientIds;
    }

    private static void awaitSubscribed(BlockingQueue<String> events, String clientId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String next = events.poll(500, TimeUnit.MILLISECONDS);
            if (clientId.equals(next)) {
                return;
            }
        }
        throw new AssertionError(clientId + " did not subscribe within 60 s");
    }
}
