package io.thingcore.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** Starting brokers pinned to a core on a free loopback port, and pinning the generator itself. */
final class Processes {
    /**
     * The cores this JVM may run on (e.g. {@code 0-1}), read when this class is first used: always before {@link
     * #pinSelf} narrows them, since that is a method of this class. After the generator has pinned itself, a child
     * process inherits its one core, so a broker started "unpinned" later is given these explicitly; null where
     * unreadable.
     */
    private static final @Nullable String ALLOWED_CORES = allowedCores();

    /** How many cores {@link #ALLOWED_CORES} are (the JVM's own count shrinks to 1 once it is pinned). */
    private static final int ALLOWED_CORE_COUNT = Runtime.getRuntime().availableProcessors();

    private Processes() {}

    /** Whether {@code taskset} can be used (Linux, util-linux installed, at least two cores). */
    static boolean canPin() {
        return ALLOWED_CORE_COUNT >= 2 && ALLOWED_CORES != null && executable("taskset") != null;
    }

    /** The number of cores an unpinned broker runs on. */
    static int allowedCoreCount() {
        return ALLOWED_CORE_COUNT;
    }

    private static @Nullable String allowedCores() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> line.substring("Cpus_allowed_list:".length()).trim())
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    static @Nullable String executable(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    /**
     * The command, prefixed with {@code taskset -c CORE} when pinning is possible; {@code core} -1: all the cores this
     * JVM was allowed before it pinned itself (not the generator's one core, which the child would inherit).
     */
    static List<String> pinned(int core, List<String> command) {
        List<String> full = new ArrayList<>();
        if (canPin()) {
            full.addAll(List.of(executable("taskset"), "-c", core >= 0 ? Integer.toString(core) : ALLOWED_CORES));
        }
        full.addAll(command);
        return full;
    }

    /** Pins every thread of this JVM (and those it starts later) to {@code core}; false if not possible. */
    static boolean pinSelf(int core) {
        if (core < 0 || !canPin()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(
                            executable("taskset"),
                            "-a",
                            "-p",
                            "-c",
                            Integer.toString(core),
                            Long.toString(ProcStats.self()))
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Copies a process's output into {@code sink} on a daemon thread. */
    static void pump(Process process, ProcessOutput sink, String name) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            sink.append(line);
                        }
                    } catch (IOException ignored) {
                        // the process ended
                    }
                },
                name);
        pump.setDaemon(true);
        pump.start();
    }

    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A TCP port free on 127.0.0.1 a moment ago, for a broker to listen on. */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
