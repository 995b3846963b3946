package io.thingcore.bench.routing;

import io.thingcore.bench.fixture.CountingSubscriber;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.routing.TopicTree;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of matching one published topic against 100,000 subscriptions in the broker's own trie ({@link Router}'s
 * {@link TopicTree}, built as {@code BrokerServices} builds it: AWS semantics, {@code #} does not match its parent
 * level). Each benchmark returns the match map, which JMH sinks into a Blackhole, so nothing is eliminated and the
 * map's allocation shows under {@code -prof gc}.
 *
 * <p>The subscriptions, one session per subscriber as in the broker:
 *
 * <ul>
 *   <li>{@value #DEVICES} device sessions, each with an exact filter {@code dt/<thing>/state} and a last-level
 *       wildcard {@code cmd/<thing>/+} (98,000);
 *   <li>{@value #SITES} application sessions with a mid-level wildcard {@code fleet/<site>/+/telemetry} (1%);
 *   <li>{@value #PRESENCE_WATCHERS} sessions watching one device's lifecycle events,
 *       {@code $aws/events/presence/+/<thing>};
 *   <li>{@value #EVENT_MONITORS} monitors on {@code $aws/events/#};
 *   <li>{@value #ROOT_WILDCARDS} health monitors on {@code +/+/health}: a wildcard in the first level, so that every
 *       topic pays a walk down the root {@code +} branch unless it starts with {@code $} (MQTT 4.7.2-1).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TopicMatchingBenchmark {
    static final int DEVICES = 49_000;
    static final int SITES = 1_000;
    static final int PRESENCE_WATCHERS = 976;
    static final int EVENT_MONITORS = 16;
    static final int ROOT_WILDCARDS = 8;
    static final int SUBSCRIPTIONS = 2 * DEVICES + SITES + PRESENCE_WATCHERS + EVENT_MONITORS + ROOT_WILDCARDS;

    private TopicTree<Subscriber> tree;
    private String exactTopic;
    private String wildcardTopic;
    private String missTopic;
    private String reservedTopic;

    @Setup
    public void setUp() {
        // The broker's constructor call (BrokerServices): AWS semantics.
        tree = new Router(false).tree();
        Subscription qos1 = new Subscription(1, false);
        int count = 0;
        for (int i = 0; i < DEVICES; i++) {
            Subscriber device = new CountingSubscriber(thing(i));
            tree.subscribe("dt/" + thing(i) + "/state", device, qos1);
            tree.subscribe("cmd/" + thing(i) + "/+", device, qos1);
            count += 2;
        }
        for (int i = 0; i < SITES; i++) {
            tree.subscribe("fleet/" + site(i) + "/+/telemetry", new CountingSubscriber("app-" + site(i)), qos1);
            count++;
        }
        for (int i = 0; i < PRESENCE_WATCHERS; i++) {
            tree.subscribe("$aws/events/presence/+/" + thing(i), new CountingSubscriber("watcher-" + i), qos1);
            count++;
        }
        for (int i = 0; i < EVENT_MONITORS; i++) {
            tree.subscribe("$aws/events/#", new CountingSubscriber("events-" + i), qos1);
            count++;
        }
        for (int i = 0; i < ROOT_WILDCARDS; i++) {
            tree.subscribe("+/+/health", new CountingSubscriber("health-" + i), qos1);
            count++;
        }
        if (count != SUBSCRIPTIONS || SUBSCRIPTIONS != 100_000) {
            throw new IllegalStateException("expected 100,000 subscriptions, made " + count);
        }

        exactTopic = "dt/" + thing(24_680) + "/state";
        wildcardTopic = "fleet/" + site(421) + "/" + thing(24_680) + "/telemetry";
        missTopic = "dt/" + thing(99_999) + "/state";
        reservedTopic = "$aws/events/presence/connected/" + thing(42);
        if (matchExact().size() != 1
                || matchWildcard().size() != 1
                || !matchMiss().isEmpty()
                || matchReservedTopic().size() != EVENT_MONITORS + 1) {
            throw new IllegalStateException("benchmark topics do not match as intended");
        }
    }

    private static String thing(int i) {
        return String.format(Locale.ROOT, "thing-%05d", i);
    }

    private static String site(int i) {
        return String.format(Locale.ROOT, "site-%03d", i);
    }

    /** A device's own state topic: one exact filter among 49,000 siblings. */
    @Benchmark
    public Map<Subscriber, Subscription> matchExact() {
        return tree.match(exactTopic);
    }

    /** A telemetry topic matched by one {@code fleet/<site>/+/telemetry} filter. */
    @Benchmark
    public Map<Subscriber, Subscription> matchWildcard() {
        return tree.match(wildcardTopic);
    }

    /** An unknown device's state topic: the walk fails in the 49,000-entry level. */
    @Benchmark
    public Map<Subscriber, Subscription> matchMiss() {
        return tree.match(missTopic);
    }

    /**
     * A lifecycle event topic: the first-level {@code +} is skipped for {@code $} topics (MQTT 4.7.2-1); matches the
     * 16 {@code $aws/events/#} monitors and the one watcher of this device.
     */
    @Benchmark
    public Map<Subscriber, Subscription> matchReservedTopic() {
        return tree.match(reservedTopic);
    }
}
