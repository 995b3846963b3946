package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.server.GatewayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway run as a service, through the real {@code ./thingcore} launcher in child processes, as a user types it:
 * {@code up --detach}, {@code status}, {@code stop}, and {@code up &} followed at once by {@code dic provision}.
 */
class LifecycleIT {
    private static final Path LAUNCHER =
            Path.of("").toAbsolutePath().getParent().resolve("thingcore");

    @TempDir
    Path temp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        launcher("stop", "--data-dir", temp.resolve("data").toString());
    }

    @Test
    void upDetachThenStatusThenStopThenStatusSaysStopped() throws Exception {
        Path data = temp.resolve("data");
        Run up = launcher("up", "--detach", "--data-dir", data.toString(), "--api-port", "0", "--mqtt-port", "0");
        assertThat(up.exitCode()).as(up.stderr()).isZero();
        assertThat(up.stdout())
                .startsWith("thingcore is up\n")
                .containsPattern("Running in the background \\(pid \\d+\\), logging to "
                        + java.util.regex.Pattern.quote(
                                data.resolve("thingcore.log").toString()) + "\\.\n");
        long pid = Long.parseLong(up.stdout().replaceAll("(?s).*\\(pid (\\d+)\\).*", "$1"));
        // The launched gateway runs its C2 compiler threads at a lower priority (--compiler-nice, server.jit), read
        // from the kernel's view of its threads; C1's keep the nice value the process started with.
        int started = nice(Path.of("/proc", Long.toString(pid), "stat"));
        assertThat(niceOfThreads(pid, "C2 CompilerThre"))
                .isNotEmpty()
                .containsOnly(Math.max(started, GatewayConfig.SERVER_COMPILER_NICE));
        assertThat(niceOfThreads(pid, "C1 CompilerThre")).isNotEmpty().containsOnly(started);

        Path out = temp.resolve("dic-out");
        Run provision = launcher(
                "dic",
                "provision",
                "--connection",
                data.resolve("connection.json").toString(),
                "--out",
                out.toString());
        assertThat(provision.exitCode()).as(provision.stderr()).isZero();

        EventLoopGroup group = MqttClient.newEventLoopGroup(1);
        try {
            ProvisionedClient device = ProvisionedClient.read(out, ProvisionedClient.Role.DEVICE);
            MqttClient client = MqttClient.connect(
                            group,
                            ClientTls.fromPemFiles(
                                    device.certificate(), device.key(), device.serverCa(), TlsEngine.AUTO),
                            MqttClientOptions.of(device.host(), device.port(), device.clientId()),
                            (topic, payload, qos, retain) -> {})
                    .get(10, TimeUnit.SECONDS);

            Run running = launcher("status", "--data-dir", data.toString());
            assertThat(running.exitCode()).as(running.stderr()).isZero();
            assertThat(running.stdout())
                    .startsWith("thingcore is running (pid " + pid + ", up ")
                    .contains("  Clients connected: 1\n")
                    .contains("  Data dir:          " + data + "\n");

            Run stop = launcher("stop", "--data-dir", data.toString());
            assertThat(stop.exitCode()).as(stop.stderr()).isZero();
            assertThat(stop.stdout())
                    .isEqualTo("stopping thingcore (pid " + pid + ")...\nthingcore stopped (pid " + pid + ")\n");
            client.closeFuture().handle((ok, failure) -> null).get(10, TimeUnit.SECONDS);
            assertThat(client.isOpen()).isFalse();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        List<String> log = Files.readAllLines(data.resolve("thingcore.log"), StandardCharsets.UTF_8);
        assertThat(log.get(log.size() - 1)).endsWith("Gateway - stopped, 1 clients disconnected");

        Run stopped = launcher("status", "--data-dir", data.toString());
        assertThat(stopped.exitCode()).isEqualTo(StatusCommand.EXIT_NOT_RUNNING);
        assertThat(stopped.stdout()).isEqualTo("thingcore is not running (data dir " + data + ")\n");
    }

    @Test
    void upDetachWithABusyPortIsOneLineAndStartsNothing() throws Exception {
        Path data = temp.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run up = launcher(
                    "up", "--detach", "--data-dir", data.toString(), "--api-port", "0", "--mqtt-port", "" + port);
            assertThat(up.exitCode()).isEqualTo(1);
            assertThat(up.stdout()).isEmpty();
            assertThat(up.stderr())
                    .isEqualTo("thingcore: MQTT port " + port + " is already in use on 127.0.0.1: pass --mqtt-port PORT"
                            + " (0 picks a free one)\n");
        }
        assertThat(data.resolve("thingcore.log")).doesNotExist();
    }

    /** The README's two lines: {@code ./thingcore up &} then, at once, {@code ./thingcore dic provision}. */
    @Test
    void provisionRightAfterUpInTheBackgroundWaitsForTheGateway() throws Exception {
        Path data = temp.resolve("data");
        Started up = start("up", "--data-dir", data.toString(), "--api-port", "0", "--mqtt-port", "0");
        Run provision = launcher(
                "dic",
                "provision",
                "--connection",
                data.resolve("connection.json").toString(),
                "--out",
                temp.resolve("dic-out").toString());
        assertThat(provision.exitCode()).as(provision.stderr()).isZero();
        assertThat(provision.stdout()).contains("[9/9] write firmware/");

        up.process().destroy(); // SIGTERM, as Ctrl-C or `kill` would
        assertThat(up.process().waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(up.stderrText()).contains("Gateway - stopped, 0 clients disconnected");
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    /** A started command and the files its output goes to (read once it ended: no pipe to drain meanwhile). */
    private record Started(Process process, Path stdout, Path stderr) {
        String stderrText() throws IOException {
            return Files.readString(stderr, StandardCharsets.UTF_8);
        }
    }

    private Run launcher(String... args) throws IOException, InterruptedException {
        Started command = start(args);
        assertThat(command.process().waitFor(180, TimeUnit.SECONDS))
                .as("thingcore %s ends", List.of(args))
                .isTrue();
        return new Run(
                command.process().exitValue(),
                Files.readString(command.stdout(), StandardCharsets.UTF_8),
                command.stderrText());
    }

    /**
     * The nice values of process {@code pid}'s threads whose name starts with {@code comm} (as /proc keeps names: cut
     * to 15 bytes).
     */
    private static List<Integer> niceOfThreads(long pid, String comm) throws IOException {
        List<Integer> nice = new ArrayList<>();
        try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads.toList()) {
                if (Files.readString(thread.resolve("comm")).startsWith(comm)) {
                    nice.add(nice(thread.resolve("stat")));
                }
            }
        }
        return nice;
    }

    /** Field 19 of a stat file, counted after the parenthesised name (proc(5)). */
    private static int nice(Path stat) throws IOException {
        String fields = Files.readString(stat);
        return Integer.parseInt(fields.substring(fields.lastIndexOf(')') + 2).split(" ")[19 - 3]);
    }

    private Started start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(temp, "stdout", ".txt");
        Path stderr = Files.createTempFile(temp, "stderr", ".txt");
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        started.add(process);
        return new Started(process, stdout, stderr);
    }
}
