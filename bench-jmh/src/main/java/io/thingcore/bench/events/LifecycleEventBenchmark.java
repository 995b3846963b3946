package io.thingcore.bench.events;

import io.thingcore.bench.fixture.CountingSubscriber;
import io.thingcore.broker.events.EventPublisher;
import io.thingcore.broker.events.Lifecycle;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.routing.Subscription;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code $aws/events/subscriptions/subscribed/<clientId>} event of one device's SUBSCRIBE, as {@code
 * SubscribeHandler} publishes it, with a thousand devices subscribed to their own topics and the console's {@code
 * $aws/events/presence/#} (every {@code thingcore server} has it, for the dashboard's last hour):
 * {@link #nobodyListening} with nothing else on {@code $aws/events}, {@link #oneBackendListening} with one subscriber of
 * {@code $aws/events/subscriptions/#}, which receives it. Until 2026-12-06 the broker made and serialized the event's
 * JSON in both cases, so {@link #oneBackendListening} is also about what every SUBSCRIBE cost before then.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LifecycleEventBenchmark {
    private static final int DEVICES = 1_000;
    private static final List<String> FILTERS = List.of("devices/device-0042/cmd");

    private final Lifecycle device =
            new Lifecycle("device-0042", UUID.randomUUID(), "0123456789abcdef", "127.0.0.2", 7);
    private final EventPublisher quiet;
    private final EventPublisher watched;
    private final CountingSubscriber backend = new CountingSubscriber("backend");

    public LifecycleEventBenchmark() {
        Router quietRouter = fleet();
        Router watchedRouter = fleet();
        watchedRouter.tree().subscribe("$aws/events/subscriptions/#", backend, new Subscription(1, false));
        quiet = new EventPublisher(quietRouter, "123456789012", Clock.systemUTC());
        watched = new EventPublisher(watchedRouter, "123456789012", Clock.systemUTC());
    }

    /** A router with {@value #DEVICES} devices, each subscribed to its own command topic, and the console. */
    private static Router fleet() {
        Router router = new Router(true);
        for (int i = 0; i < DEVICES; i++) {
            String clientId = String.format(Locale.ROOT, "device-%04d", i);
            router.tree()
                    .subscribe(
                            "devices/" + clientId + "/cmd",
                            new CountingSubscriber(clientId),
                            new Subscription(1, false));
        }
        router.tree()
                .subscribe("$aws/events/presence/#", new CountingSubscriber("console"), new Subscription(1, false));
        return router;
    }

    @Benchmark
    public void nobodyListening() {
        quiet.subscribed(device, FILTERS);
    }

    @Benchmark
    public long oneBackendListening() {
        watched.subscribed(device, FILTERS);
        return backend.delivered();
    }

    long delivered() {
        return backend.delivered();
    }
}
