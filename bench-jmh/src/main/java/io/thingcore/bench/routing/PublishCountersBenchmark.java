package io.thingcore.bench.routing;

import io.thingcore.broker.metrics.BrokerCounters;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the metrics add to one routed QoS 1 message: {@code PublishHandler} counts it received and {@code Session}
 * counts it sent, two {@link BrokerCounters} increments, from two threads at once as two event loops do (the shared
 * counters are contended). {@link #baseline} is the same call with nothing counted; {@link #atomicLongs} is what an
 * unstriped {@link AtomicLong} would cost, the design {@code BrokerCounters} avoids.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
@State(Scope.Benchmark)
public class PublishCountersBenchmark {
    private final BrokerCounters counters = new BrokerCounters();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    @Benchmark
    public int baseline() {
        return 1;
    }

    @Benchmark
    public int brokerCounters() {
        counters.publishReceived(1);
        counters.publishSent(1);
        return 1;
    }

    @Benchmark
    public long atomicLongs() {
        received.incrementAndGet();
        return sent.incrementAndGet();
    }

    BrokerCounters counters() {
        return counters;
    }
}
