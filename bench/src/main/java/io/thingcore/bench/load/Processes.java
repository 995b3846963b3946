package io.thingcore.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting brokers pinned to a core, and pinning the generator itself. */
final class Processes {
    private Processes() {}

    /** Whether {@code taskset} can be used (Linux, util-linux installed, at least two cores). */
    static boolean canPin() {
        return Runtime.getRuntime().availableProcessors() >= 2 && executable("taskset") != null;
    }

    static String executable(String name) {
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

    /** The command, prefixed with {@code taskset -c CORE} when pinning is possible and {@code core >= 0}. */
    static List<String> pinned(int core, List<String> command) {
        List<String> full = new ArrayList<>();
        if (core >= 0 && canPin()) {
            full.addAll(List.of(executable("taskset"), "-c", Integer.toString(core)));
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
    static void pump(Process process, StringBuffer sink, String name) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            if (sink.length() < 1_000_000) {
                                sink.append(line).append('\n');
                            }
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
}
