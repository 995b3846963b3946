package io.thingcore.bench.load;

import java.security.cert.X509Certificate;
import java.util.List;

/** A broker under test, running in its own process on loopback. */
public interface Target extends AutoCloseable {
    /** {@code thingcore} or {@code mosquitto}. */
    String name();

    /** The broker's process ID, for {@link ProcStats}. */
    long pid();

    /** The MQTT over TLS port on 127.0.0.1. */
    int port();

    /** The CA the broker's server certificate chains to (the client's only trust anchor). */
    List<X509Certificate> serverCa();

    /**
     * Stops the broker and starts it again with the same configuration and registry (a fresh process: the idle
     * memory scenario measures on it, since neither a JVM nor malloc hands freed memory back to the OS).
     */
    void restart();

    /** {@link System#nanoTime()} just before the broker's current process was started (for start-up time). */
    long startedNanos();

    /** The broker process's latest lines of output (its side of a failed scenario). */
    String latestOutput();

    /** Stops the broker. */
    @Override
    void close();
}
