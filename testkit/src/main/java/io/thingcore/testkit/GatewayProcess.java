package io.thingcore.testkit;

import io.thingcore.server.ConnectionInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A gateway started exactly as a user starts it: {@code java -jar cli/target/thingcore.jar server ...} in its own
 * process (with {@code cli/target/native} on {@code java.library.path}, as the launcher adds), ready once it has
 * printed its banner and written {@code connection.json}. {@link #close()} sends SIGTERM and waits, as a user's Ctrl-C
 * would.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final ConnectionInfo connection;
    private final StringBuffer output;

    private GatewayProcess(Process process, ConnectionInfo connection, StringBuffer output) {
        this.process = process;
        this.connection = connection;
        this.output = output;
    }

    /**
     * Starts {@code thingcore server --data-dir DATA_DIR --api-port 0 --mqtt-port 0 EXTRA...} and waits until it is
     * ready. {@code cliJar} is the built {@code cli/target/thingcore.jar}.
     */
    public static GatewayProcess start(Path cliJar, Path dataDir, String... extraArgs)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(cliJar)) {
            throw new IllegalStateException(cliJar + " is missing: build the cli module first (./mvnw package)");
        }
        Path connectionFile = dataDir.resolve(ConnectionInfo.FILE_NAME);
        try {
            Files.deleteIfExists(connectionFile);
        } catch (FileSystemException unusable) {
            // a read-only data directory, say: the gateway refuses it with its own line, which the caller reads
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        Path nativeLibraries = cliJar.resolveSibling("native");
        if (Files.isDirectory(nativeLibraries)) {
            // As the launcher starts it: with the native libraries the build unpacked (cli/pom.xml), not copies in
            // the temporary directory, which a gateway killed by a test would leave behind.
            command.add("-Djava.library.path=" + nativeLibraries);
        }
        command.addAll(List.of(
                "-jar",
                cliJar.toString(),
                "server",
                "--data-dir",
                dataDir.toString(),
                "--api-port",
                "0",
                "--mqtt-port",
                "0"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuffer output = new StringBuffer();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            output.append(line).append('\n');
                            if (line.startsWith("thingcore is up")) {
                                ready.complete(null);
                            }
                        }
                    } catch (IOException ignored) {
                        // the process ended; the exit code tells the rest
                    }
                    ready.completeExceptionally(new IllegalStateException("gateway exited before it was up"));
                },
                "gateway-output");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("gateway did not start:\n" + output, e);
        }
        return new GatewayProcess(process, ConnectionInfo.read(connectionFile), output);
    }

    public ConnectionInfo connection() {
        return connection;
    }

    /** Everything the process printed so far (stdout and stderr). */
    public String output() {
        return output.toString();
    }

    /** The operating system's process ID of the gateway. */
    public long pid() {
        return process.pid();
    }

    /** Whether the gateway process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills the gateway as a power cut or the OOM killer would: SIGKILL ({@code kill -9}), so no shutdown hook runs
     * and nothing is flushed or closed; returns once the process is gone.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
