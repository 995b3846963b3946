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
public final class FloorTarget extends ChildProcessTarget {
    private final Path dir;

    private FloorTarget(Path dir, int core, int port, List<X509Certificate> serverCa) {
        super(core, port, serverCa);
        this.dir = dir;
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
        target.launch();
        log.line("floor: pid %d, port %d (%s)", target.pid(), target.port(), FloorBroker.class.getName());
        return target;
    }

    @Override
    List<String> command() {
        List<String> java = ThingcoreTarget.javaAsTheLauncher();
        java.add("-Dio.netty.leakDetection.level=disabled");
        java.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                FloorBroker.class.getName(),
                dir.toString(),
                Integer.toString(port())));
        return java;
    }

    @Override
    boolean ready(ProcessOutput printed) {
        return printed.contains(FloorBroker.READY);
    }

    @Override
    Duration startLimit() {
        return Duration.ofSeconds(60);
    }

    @Override
    public String name() {
        return "floor";
    }
}
