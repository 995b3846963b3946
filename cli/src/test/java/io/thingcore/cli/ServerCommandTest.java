package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
                .contains("--access-key-id", "--secret-access-key", "--enable-reset", "--api-tls")
                .contains("--sni-rule=lenient|strict", "--keep-alive-zero=SECONDS|never", "(default: 1200")
                .contains("--http-request-timeout=SECONDS", "--http-body-timeout=SECONDS")
                .contains("--http-idle-timeout=SECONDS")
                .doesNotContain("--allow-missing-sni");
    }

    @Test
    void rejectsAnInvalidKeepAliveZeroOrSniRuleBeforeTouchingAnything() {
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
        assertThat(never).doesNotExist();
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
