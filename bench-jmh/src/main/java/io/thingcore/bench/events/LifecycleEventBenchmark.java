package io.thingcore.bench.events;

import io.thingcore.broker.events.EventPublisher;
import io.thingcore.broker.events.Lifecycle;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import java.time.Clock;
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
 * The {@code $aws/events/presence/connected/<clientId>} event of one connection, as {@code ConnectHandler} publishes
 * it after the CONNACK: {@link #nobodyListening} with a thousand devices subscribed to their own topics but no
 * subscription on {@code $aws/events} (a fleet connecting to a gateway without a backend on its lifecycle events),
 * {@link #oneBackendListening} with one subscriber of {@code $aws/events/presence/+/+}, which receives it. Until
 * 2026-12-06 the broker made and serialized the event's JSON in both cases, so {@link #oneBackendListening} is also
 * about what every connect and disconnect cost before then.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class LifecycleEventBenchmark {
    private static final int DEVICES = 1_000;

    private final Lifecycle device =
            new Lifecycle("device-0042", UUID.randomUUID(), "0123456789abcdef", "127.0.0.2", 7);
    private final EventPublisher quiet;
    private final EventPublisher watched;
    private final CountingSubscriber backend = new CountingSubscriber("backend");

    public LifecycleEventBenchmark() {
        Router quietRouter = fleet();
        Router watchedRouter = fleet();
        watchedRouter.tree().subscribe("$aws/events/presence/+/+", backend, new Subscription(1, false));
        quiet = new EventPublisher(quietRouter, "123456789012", Clock.systemUTC());
        watched = new EventPublisher(watchedRouter, "123456789012", Clock.systemUTC());
    }

    /** A router with {@value #DEVICES} devices, each subscribed to its own command topic. */
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
        return router;
    }

    @Benchmark
    public void nobodyListening() {
        quiet.connected(device);
    }

    @Benchmark
    public long oneBackendListening() {
        watched.connected(device);
        return backend.delivered;
    }

    long delivered() {
        return backend.delivered;
    }

    /** Counts what reaches it; a session's queueing is not what is measured here. */
    private static final class CountingSubscriber implements Subscriber {
        private final String clientId;
        long delivered;

        CountingSubscriber(String clientId) {
            this.clientId = clientId;
        }

        @Override
        public String clientId() {
            return clientId;
        }

        @Override
        public boolean deliver(Message message, Subscription subscription, boolean retainFlag) {
            delivered++;
            return false;
        }
    }
}
