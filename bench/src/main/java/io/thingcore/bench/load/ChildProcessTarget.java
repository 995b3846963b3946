package io.thingcore.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A broker the bench runs as a child process, pinned to a core and listening on a loopback port (mosquitto, the floor
 * broker): what starting it, waiting until it is ready, starting it again and stopping it share. The caller's thread
 * does all of it; a daemon thread per process copies its output.
 */
abstract class ChildProcessTarget implements Target {
    private final int core;
    private final int port;
    private final List<X509Certificate> serverCa;
    private @Nullable Process process;
    private ProcessOutput output = new ProcessOutput();
    private long startedNanos = System.nanoTime();

    /**
     * @param core the core to pin the broker to, or -1 for none
     * @param port the loopback port it listens on
     * @param serverCa the CA its server certificate chains to
     */
    ChildProcessTarget(int core, int port, List<X509Certificate> serverCa) {
        this.core = core;
        this.port = port;
        this.serverCa = List.copyOf(serverCa);
    }

    /** The broker's command line, before pinning. */
    abstract List<String> command();

    /** Whether the started broker takes connections, from its port or from what it has printed so far. */
    abstract boolean ready(ProcessOutput printed);

    /** How long a start may take before it counts as failed. */
    abstract Duration startLimit();

    /**
     * Starts the broker and returns once it is {@link #ready}, polling every millisecond: the cold-start figures time a
     * restart through this wait, and mosquitto's whole start is 13-32 ms.
     */
    final void launch() {
        output = new ProcessOutput();
        startedNanos = System.nanoTime();
        Process started;
        try {
            started = new ProcessBuilder(Processes.pinned(core, command()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.pump(started, output, name() + "-output");
        long deadline = System.nanoTime() + startLimit().toNanos();
        while (!ready(output)) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                Processes.stop(started);
                throw new IllegalStateException(name() + " did not start:\n" + output);
            }
            ThingcoreTarget.sleep(1);
        }
        process = started;
    }

    @Override
    public void restart() {
        close();
        launch();
    }

    @Override
    public long pid() {
        Process running = process;
        if (running == null) {
            throw new IllegalStateException(name() + " was not started");
        }
        return running.pid();
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
    public long startedNanos() {
        return startedNanos;
    }

    @Override
    public String latestOutput() {
        return output.latestLines();
    }

    @Override
    public void close() {
        Process running = process;
        if (running != null) {
            Processes.stop(running);
        }
    }
}
