package io.thingcore.bench.load;

import io.thingcore.bench.floor.FloorBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * {@link FloorBroker} in a JVM of its own, started as {@code ./thingcore} starts the gateway (the same {@code java},
 * compact object headers, the unpacked native libraries) and with Netty's leak detection off as the gateway runs it,
 * from this generator's class path, with the server certificate and trust the bench writes for mosquitto.
 */
public final class FloorTarget implements Target {
    private final Path dir;
    private final int core;
    private final int port;
    private final List<X509Certificate> serverCa;
    private Process process;
    private ProcessOutput output = new ProcessOutput();
    private long startedNanos;

    private FloorTarget(Path dir, int core, int port, List<X509Certificate> serverCa) {
        this.dir = dir;
        this.core = core;
        this.port = port;
        this.serverCa = serverCa;
        this.startedNanos = System.nanoTime();
        this.process = launch();
    }

    /** Starts the floor broker pinned to {@code core} (-1: unpinned), its files in {@code dir}. */
    public static FloorTarget start(Path dir, int core, BenchPki pki, Log log) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pki.writeServerFiles(dir);
        FloorTarget target = new FloorTarget(dir, core, Processes.freeLoopbackPort(), List.of(pki.caCertificate()));
        log.line("floor: pid %d, port %d (%s)", target.pid(), target.port, FloorBroker.class.getName());
        return target;
    }

    private Process launch() {
        List<String> java = ThingcoreTarget.javaAsTheLauncher();
        java.add("-Dio.netty.leakDetection.level=disabled");
        java.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                FloorBroker.class.getName(),
                dir.toString(),
                Integer.toString(port)));
        Process started;
        try {
            started = new ProcessBuilder(Processes.pinned(core, java))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.pump(started, output, "floor-output");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!output.contains(FloorBroker.READY)) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                Processes.stop(started);
                throw new IllegalStateException("the floor broker did not start:\n" + output);
            }
            ThingcoreTarget.sleep(1);
        }
        return started;
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<X509Certificate> serverCa() {
        return serverCa;
    }

    @Override
    public void restart() {
        Processes.stop(process);
        output = new ProcessOutput();
        startedNanos = System.nanoTime();
        process = launch();
    }

    @Override
    public long startedNanos() {
        return startedNanos;
    }

    @Override
    public String latestOutput() {
        return output.latestLines();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
