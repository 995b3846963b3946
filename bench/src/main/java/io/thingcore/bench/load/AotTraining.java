package io.thingcore.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The training run of the gateway's JDK AOT cache ({@code thingcore bench aot-training --cache-output FILE}, cli's
 * {@code aot} profile): what a gateway does in its first minute, so that the classes it loads and links (and the
 * method profiles, JEP 515) are those of start-up and of the first devices. The gateway runs in its own JVM, started
 * as {@code bench compare} starts it ({@link ThingcoreTarget}) with {@code -XX:AOTCacheOutput}, on a fresh data
 * directory; this process fills its registry through the AWS IoT API (CA, certificates, policy, attachments, a stream)
 * and drives mutual-TLS devices against it: connecting ({@link #CONNECT_STORMS} times over), publishing QoS 1 to each
 * other and downloading blocks of the stream. Then the gateway stops, and its JVM assembles the cache as it exits.
 *
 * <p>Until 2026-12-05 the gateway ran in this JVM, and the cache held the load generator's and the AWS SDK's classes
 * too (9,450 classes, 86.6 MB), all loaded and linked at every start of the gateway: creating the JVM took 170 ms of
 * the start-up on one core where the same JVM without a cache took 20 ms (bench/README.md, "The AOT cache recorded
 * in the gateway's own JVM").
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

    /** The gateway's exit after the stop: the cache is assembled in a child JVM then (tens of seconds when busy). */
    static final Duration CACHE_ASSEMBLY_LIMIT = Duration.ofMinutes(5);

    private AotTraining() {}

    /** Trains the gateway's AOT cache into {@code cacheOutput}. */
    public static void run(Path cacheOutput, Log log) throws IOException {
        long started = System.nanoTime();
        Path cache = cacheOutput.toAbsolutePath();
        Files.deleteIfExists(cache);
        BenchPki pki = BenchPki.create(DEVICES);
        ThingcoreTarget gateway;
        try (WorkDirectory work = WorkDirectory.create("thingcore-aot-training")) {
            gateway = ThingcoreTarget.startTraining(work.resolve("gateway"), pki, cache, log);
            train(gateway, pki, log);
        }
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException(
                    "the gateway's JVM wrote no AOT cache to " + cache + ":\n" + gateway.latestOutput());
        }
        log.line(
                "aot training: %s (%,d bytes) in %.1f s",
                cache, Files.size(cache), (System.nanoTime() - started) / 1e9);
    }

    /** Drives the training gateway, then stops it so that its JVM writes the cache; closes it on a failure. */
    private static void train(ThingcoreTarget gateway, BenchPki pki, Log log) {
        try {
            Settings settings = Settings.quick(null)
                    .withConnections(DEVICES)
                    .withMeasure(Duration.ofSeconds(1))
                    .withPin(false);
            try (Generator generator = new Generator(pki, 1)) {
                Scenarios scenarios = new Scenarios(generator, settings, log);
                List<Scenario> plan = new ArrayList<>(Collections.nCopies(CONNECT_STORMS, Scenario.CONNECT));
                plan.addAll(List.of(Scenario.P2P_QOS1, Scenario.FANIN_QOS1, Scenario.OTA_BLOCKS, Scenario.CONNECT));
                for (Scenario scenario : plan) {
                    Result r = scenarios.run(scenario, gateway);
                    log.line("aot training: %-12s %10.0f %s", scenario.id(), r.value(), scenario.unit());
                }
            }
            gateway.stopAndAwaitCache(CACHE_ASSEMBLY_LIMIT);
        } catch (RuntimeException | Error e) {
            gateway.close();
            throw e;
        }
    }
}
