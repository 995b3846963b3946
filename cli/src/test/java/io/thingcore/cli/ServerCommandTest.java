package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.Gateway;
import io.thingcore.testkit.InProcessGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
    @TempDir
    Path dataDir;

    @Test
    void exitsNonZeroWithOneClearLineWhenTheApiPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result =
                    run("up", "--data-dir", dataDir.toString(), "--api-port", String.valueOf(taken.getLocalPort()));
            assertThat(result.exitCode).isEqualTo(1);
            assertThat(result.stderr.lines().filter(l -> l.startsWith("thingcore: ")))
                    .singleElement()
                    .asString()
                    .contains(String.valueOf(taken.getLocalPort()))
                    .contains("in use");
        }
    }

    @Test
    void aBusyMqttPortIsOneLineNamingThePortAndTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Result result = run("up", "--data-dir", dataDir.toString(), "--api-port", "0", "--mqtt-port", "" + port);
            assertThat(result.exitCode).isEqualTo(1);
            assertThat(result.stdout).isEmpty();
            assertThat(result.stderr)
                    .isEqualTo("thingcore: MQTT port " + port + " is already in use on 127.0.0.1: pass --mqtt-port PORT"
                            + " (0 picks a free one)\n");
        }
    }

    @Test
    void aBusyApiPortIsOneLineNamingThePortAndTheOption() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Result result = run("up", "--data-dir", dataDir.toString(), "--api-port", "" + port, "--mqtt-port", "0");
            assertThat(result.exitCode).isEqualTo(1);
            assertThat(result.stdout).isEmpty();
            assertThat(result.stderr)
                    .isEqualTo("thingcore: API port " + port + " is already in use on 127.0.0.1: pass --api-port PORT"
                            + " (0 picks a free one)\n");
        }
    }

    /** 4566 is LocalStack's default edge port too; the line says so. Taken here unless something else holds it. */
    @Test
    void aBusyDefaultApiPortMentionsLocalStack() throws Exception {
        ServerSocket taken = null;
        try {
            try {
                taken = new ServerSocket(4566, 1, InetAddress.getLoopbackAddress());
            } catch (java.net.BindException alreadyTaken) {
                // held by another program on this machine: the gateway must say the same
            }
            Result result = run("up", "--data-dir", dataDir.toString(), "--mqtt-port", "0");
            assertThat(result.exitCode).isEqualTo(1);
            assertThat(result.stderr)
                    .isEqualTo("thingcore: API port 4566 is already in use on 127.0.0.1 (LocalStack listens on 4566 by"
                            + " default): pass --api-port PORT (0 picks a free one)\n");
        } finally {
            if (taken != null) {
                taken.close();
            }
        }
    }

    @Test
    void aDataDirInUseNamesThePidAndTheWayOut() {
        try (InProcessGateway running = InProcessGateway.start(dataDir)) {
            assertThat(running.connectionFile()).exists();
            Result result = run("up", "--data-dir", dataDir.toString(), "--api-port", "0", "--mqtt-port", "0");
            assertThat(result.exitCode).isEqualTo(1);
            // The in-process gateway logs to the same stderr: only the command's own lines count.
            assertThat(result.stderr.lines().filter(l -> l.startsWith("thingcore: ")))
                    .containsExactly("thingcore: the data directory " + dataDir + " is in use by pid "
                            + ProcessHandle.current().pid() + " (another thingcore gateway): stop it with `thingcore"
                            + " stop --data-dir " + dataDir + "`, or pass --data-dir DIR");
        }
    }

    @Test
    void aDataDirThatIsAFileIsOneLine() throws Exception {
        Path file = Files.createFile(dataDir.resolve("a-file"));
        Result result = run("up", "--data-dir", file.toString(), "--api-port", "0", "--mqtt-port", "0");
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr)
                .isEqualTo("thingcore: data directory " + file + " is not usable: " + file
                        + " is a file, not a directory: pass --data-dir DIR\n");
    }

    @Test
    void exitsNonZeroWhenTheDataDirIsUnusable() {
        Result result = run("server", "--data-dir", "/proc/thingcore-cannot-live-here", "--api-port", "0");
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).startsWith("thingcore: data directory /proc/thingcore-cannot-live-here");
    }

    @Test
    void rejectsAnInvalidPortBeforeTouchingAnything() {
        Result result = run("up", "--data-dir", dataDir.resolve("never").toString(), "--api-port", "70000");
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr).contains("--api-port must be 0..65535");
        assertThat(dataDir.resolve("never")).doesNotExist();
    }

    @Test
    void helpListsTheOptionsTheReadmePromises() {
        Result result = run("up", "--help");
        assertThat(result.exitCode).isZero();
        assertThat(result.stdout)
                .contains("--data-dir", "--api-port", "--mqtt-port", "--host", "--region", "--db", "--account-id")
                .contains("--access-key-id", "--secret-access-key", "--credentials-file", "--enable-reset", "--api-tls")
                .contains("--sni-rule=lenient|strict", "--keep-alive-zero=SECONDS|never", "(default: 1200")
                .contains("--http-request-timeout=SECONDS", "--http-body-timeout=SECONDS")
                .contains("--http-idle-timeout=SECONDS", "--mqtt-transport=auto|io_uring|epoll|nio")
                .doesNotContain("--allow-missing-sni");
    }

    @Test
    void rejectsAnInvalidKeepAliveZeroSniRuleOrTransportBeforeTouchingAnything() {
        Path never = dataDir.resolve("never");
        Result keepAlive = run("up", "--data-dir", never.toString(), "--keep-alive-zero", "0");
        assertThat(keepAlive.exitCode).isEqualTo(1);
        assertThat(keepAlive.stderr).contains("--keep-alive-zero must be 1..65535 seconds or never, got '0'");
        Result timeout = run("up", "--data-dir", never.toString(), "--http-request-timeout", "0");
        assertThat(timeout.exitCode).isEqualTo(1);
        assertThat(timeout.stderr).contains("--http-request-timeout must be at least 1 second, got 0");
        Result sni = run("up", "--data-dir", never.toString(), "--sni-rule", "loose");
        assertThat(sni.exitCode).isNotZero();
        assertThat(sni.stderr).contains("--sni-rule");
        Result transport = run("up", "--data-dir", never.toString(), "--mqtt-transport", "kqueue");
        assertThat(transport.exitCode).isEqualTo(1);
        assertThat(transport.stderr).contains("unknown MQTT transport 'kqueue': expected auto, io_uring, epoll or nio");
        assertThat(never).doesNotExist();
    }

    @Test
    void server_printsNoSecret_onStdoutStderrOrInTheLog() throws Exception {
        Started started = start("server", Map.of());
        ConnectionInfo connection = ConnectionInfo.read(dataDir.resolve(ConnectionInfo.FILE_NAME));
        assertThat(started.stdout)
                .contains("thingcore is up")
                .contains("Access key ID:   " + connection.accessKeyId())
                .contains("\nNext:\n  thingcore dic provision --connection "
                        + dataDir.resolve(ConnectionInfo.FILE_NAME)
                                .toAbsolutePath()
                                .normalize())
                .contains("  " + connection.apiEndpoint() + "/console/  (the web console")
                .doesNotContain("AWS_SECRET_ACCESS_KEY");
        assertThat(connection.secretAccessKey()).isNotBlank();
        assertThat(started.stdout + started.stderr + started.log).doesNotContain(connection.secretAccessKey());
        assertThat(started.log).contains("API on"); // the log was captured
    }

    @Test
    void server_withTheKeyInTheEnvironment_usesItAndPrintsNoSecret() throws Exception {
        Started started = start(
                "server",
                Map.of(
                        "THINGCORE_ACCESS_KEY_ID",
                        "AKIAFROMENVIRONMENT",
                        "THINGCORE_SECRET_ACCESS_KEY",
                        "env-secret-1"));
        ConnectionInfo connection = ConnectionInfo.read(dataDir.resolve(ConnectionInfo.FILE_NAME));
        assertThat(connection.accessKeyId()).isEqualTo("AKIAFROMENVIRONMENT");
        assertThat(connection.secretAccessKey()).isEqualTo("env-secret-1");
        assertThat(started.stdout + started.stderr + started.log).doesNotContain("env-secret-1");
    }

    @Test
    void up_printsTheShellLines_secretIncluded() throws Exception {
        Started started = start("up", Map.of());
        ConnectionInfo connection = ConnectionInfo.read(dataDir.resolve(ConnectionInfo.FILE_NAME));
        assertThat(started.stdout).contains("export AWS_SECRET_ACCESS_KEY=" + connection.secretAccessKey());
        assertThat(started.log).doesNotContain(connection.secretAccessKey());
    }

    @Test
    void aCredentialsFileOthersCanRead_isRefusedBeforeTouchingAnything() throws Exception {
        Path file = dataDir.resolve("credentials");
        Files.writeString(file, "[default]\naws_access_key_id=AKIAFILE\naws_secret_access_key=file-secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Path never = dataDir.resolve("never");
        Result result = run("server", "--data-dir", never.toString(), "--credentials-file", file.toString());
        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.stderr.lines())
                .singleElement()
                .asString()
                .startsWith("thingcore: credentials file " + file + " is accessible to group or others")
                .doesNotContain("file-secret");
        assertThat(never).doesNotExist();
    }

    private record Started(String stdout, String stderr, String log) {}

    /**
     * Starts the gateway as {@code command} does (options parsed by picocli, the same start and banner as its
     * {@code call()}), with every thingcore logger at DEBUG and captured; stops it again.
     */
    private Started start(String command, Map<String, String> environment) throws Exception {
        var parsed = ThingcoreCommand.commandLine()
                .parseArgs(command, "--data-dir", dataDir.toString(), "--api-port", "0", "--mqtt-port", "0");
        ServerCommand server = (ServerCommand) parsed.subcommand().commandSpec().userObject();
        server.environment = environment::get;
        Logger thingcore = (Logger) org.slf4j.LoggerFactory.getLogger("io.thingcore");
        Level before = thingcore.getLevel();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        thingcore.addAppender(log);
        thingcore.setLevel(Level.DEBUG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            Gateway gateway = server.start(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(gateway).as(err.toString(StandardCharsets.UTF_8)).isNotNull();
            try (gateway) {
                server.printBanner(new PrintStream(out, true, StandardCharsets.UTF_8), gateway);
            }
        } finally {
            thingcore.detachAppender(log);
            thingcore.setLevel(before);
        }
        String logged = log.list.stream()
                .map(e -> e.getFormattedMessage() + throwableText(e.getThrowableProxy()))
                .collect(Collectors.joining("\n"));
        return new Started(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), logged);
    }

    private static String throwableText(@Nullable IThrowableProxy t) {
        return t == null ? "" : " " + t.getClassName() + ": " + t.getMessage() + throwableText(t.getCause());
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ThingcoreCommand.commandLine().execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
