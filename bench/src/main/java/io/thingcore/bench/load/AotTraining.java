package io.thingcore.bench.load;

import io.thingcore.pki.Pem;
import io.thingcore.server.Gateway;
import io.thingcore.server.GatewayConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The training run of the gateway's JDK AOT cache ({@code thingcore bench aot-training} under {@code
 * -XX:AOTCacheOutput}, cli's {@code aot} profile): what a gateway does in its first minute, in one JVM, so that the
 * classes it loads and links (and the method profiles, JEP 515) are those of start-up and of the first devices. A
 * gateway in this process on a fresh data directory; its registry filled through the AWS IoT API (CA, certificates,
 * policy, attachments, a stream); mutual-TLS devices connecting ({@link #CONNECT_STORMS} times over), publishing QoS 1
 * to each other, and downloading blocks of the stream; then a clean stop. About 12 s of work, bounded by the
 * scenarios' own limits.
 */
public final class AotTraining {
    /** Enough devices for every path to run many times, few enough that making their certificates is quick. */
    static final int DEVICES = 64;

    /**
     * Connect storms the training run begins with. A fleet reconnecting after a restart is what a gateway's first
     * minute is judged by, and code that runs once per connection gathers a profile worth keeping (JEP 515) only
     * after hundreds of connections: with 2 storms (128 connections) the cold connect storm of {@code bench compare}
     * ran at 421-436 connections/s and 2.35 ms of CPU per connection, with 30 at 495-509 and 1.96-2.01 ms; 100 storms,
     * or 256 devices, gained nothing more (501-506, 487-496).
     */
    static final int CONNECT_STORMS = 30;

    private AotTraining() {}

    public static void run(Log log) throws IOException {
        long started = System.nanoTime();
        Path dataDir = Files.createTempDirectory("thingcore-aot-training");
        BenchPki pki = BenchPki.create(DEVICES);
        Gateway gateway = Gateway.start(
                GatewayConfig.builder(dataDir).apiPort(0).mqttPort(0).build(), Clock.systemUTC());
        try {
            ThingcoreTarget.register(gateway.connection(), pki);
            ThingcoreTarget.createOtaStream(dataDir, gateway.connection());
            InThisProcess target = new InThisProcess(
                    gateway.connection().mqttPort(),
                    Pem.readCertificates(
                            Files.readString(Path.of(gateway.connection().serverCaFile()))));
            Settings settings = Settings.quick(null)
                    .withConnections(DEVICES)
                    .withMeasure(Duration.ofSeconds(1))
                    .withPin(false);
            try (Generator generator = new Generator(pki, 1)) {
                Scenarios scenarios = new Scenarios(generator, settings, log);
                List<Scenario> plan = new ArrayList<>(Collections.nCopies(CONNECT_STORMS, Scenario.CONNECT));
                plan.addAll(List.of(Scenario.P2P_QOS1, Scenario.FANIN_QOS1, Scenario.OTA_BLOCKS, Scenario.CONNECT));
                for (Scenario scenario : plan) {
                    Result r = scenarios.run(scenario, target);
                    log.line("aot training: %-12s %10.0f %s", scenario.id(), r.value(), scenario.unit());
                }
            }
        } finally {
            gateway.close();
            deleteQuietly(dataDir);
        }
        log.line("aot training: done in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    /** The gateway of this JVM as a {@link Target}: its CPU is this process's (the figures are not the point here). */
    private record InThisProcess(int port, List<X509Certificate> serverCa) implements Target {
        @Override
        public String name() {
            return Comparison.THINGCORE;
        }

        @Override
        public long pid() {
            return ProcStats.self();
        }

        @Override
        public void restart() {
            throw new UnsupportedOperationException("the training run's gateway is not restarted");
        }

        @Override
        public long startedNanos() {
            return 0;
        }

        @Override
        public String latestOutput() {
            return ""; // the gateway logs to this process's own output
        }

        @Override
        public void close() {
            // the gateway is closed by run()
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a temp directory
        }
    }
}
