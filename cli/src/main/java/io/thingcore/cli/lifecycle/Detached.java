package io.thingcore.cli.lifecycle;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code thingcore up --detach}: the same command, without {@code --detach}, in a process of its own (its own
 * session when {@code setsid} exists, so that closing the terminal does not hang it up), with its output appended to
 * {@code DATA_DIR/thingcore.log}; returns once the gateway is ready or has failed.
 */
public final class Detached {
    /** How long a detached start may take before {@code up --detach} gives up waiting (the JVM and the TLS stack). */
    public static final Duration START_BOUND = Duration.ofSeconds(120);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private Detached() {}

    /** A started gateway process, or why it did not start (its last line). */
    public sealed interface Outcome permits Started, Failed {}

    public record Started(GatewayInDataDir.Ready ready, Path logFile) implements Outcome {}

    public record Failed(String line) implements Outcome {}

    /**
     * Starts {@code thingcore <arguments>} in the background and waits for it.
     *
     * @param arguments the command line of the gateway, e.g. {@code server --data-dir DIR}, without {@code --detach}
     */
    public static Outcome start(Path dataDir, List<String> arguments) throws IOException, InterruptedException {
        GatewayInDataDir gateway = new GatewayInDataDir(dataDir);
        Files.createDirectories(
                gateway.dataDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path log = gateway.logFile();
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            // As the launcher runs it: -jar keeps the manifest's Enable-Native-Access (SQLite, BoringSSL).
            command.add("-jar");
            command.add(classPath);
        } else {
            command.add("-cp");
            command.add(classPath);
            command.add(io.thingcore.cli.ThingcoreCommand.class.getName());
        }
        command.addAll(arguments);
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true)
                .start();
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return new Failed(lastLine(log, logStart, process.exitValue()));
            }
            if (gateway.state() instanceof GatewayInDataDir.Ready ready && ready.pid() == process.pid()) {
                return new Started(ready, log);
            }
            Thread.sleep(200);
        }
        return new Failed("the gateway (pid " + process.pid() + ") was not ready within " + START_BOUND.toSeconds()
                + " s; see " + log);
    }

    /** The gateway's one-line reason ("thingcore: ..."), or else where to read more. */
    private static String lastLine(Path log, long from, int exitCode) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        String written = new String(
                bytes,
                (int) Math.min(from, bytes.length),
                (int) Math.max(0, bytes.length - from),
                StandardCharsets.UTF_8);
        List<String> reasons = written.lines()
                .filter(l -> l.startsWith("thingcore: "))
                .map(l -> l.substring("thingcore: ".length()))
                .toList();
        return reasons.isEmpty()
                ? "the gateway exited with code " + exitCode + " before it was ready; see " + log
                : reasons.get(reasons.size() - 1);
    }
}
