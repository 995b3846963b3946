package io.thingcore.bench.floods;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.MessageListener;
import io.thingcore.client.MqttClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The legitimate client whose experience a flood must not spoil: the time from TCP connect to CONNACK of fresh
 * mutual-TLS connections ({@link FloodSettings#connectProbes()}, four at a time), and the end-to-end latency of QoS 1
 * messages between publisher/subscriber pairs at a fixed open-loop rate (the send time travels in the payload; a
 * message that cannot be sent on time still counts from when it was due, so a stalled gateway shows as latency).
 */
final class Probe {
    private static final int CONNECTS_AT_ONCE = 4;
    private static final long WARM_UP_MILLIS = 1000;
    private static final int DRAIN_SECONDS = 10;

    /** What one probe measured, or several (then the p99s are medians and the counts sums: {@link #over}). */
    public record Figures(double connectP99Ms, long connectFailures, double publishP99Ms, long sent, long delivered) {
        static Figures over(List<Figures> windows) {
            return new Figures(
                    median(windows.stream().mapToDouble(Figures::connectP99Ms).toArray()),
                    windows.stream().mapToLong(Figures::connectFailures).sum(),
                    median(windows.stream().mapToDouble(Figures::publishP99Ms).toArray()),
                    windows.stream().mapToLong(Figures::sent).sum(),
                    windows.stream().mapToLong(Figures::delivered).sum());
        }

        private static double median(double[] values) {
            Arrays.sort(values);
            int middle = values.length / 2;
            return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }

    private final FloodContext context;
    private final FloodSettings settings;
    private final EventLoopGroup loop;
    private int run;

    /** {@code loop}: the probe's own event loop, shared with no flood (see {@link FloodContext}). */
    Probe(FloodContext context, FloodSettings settings, EventLoopGroup loop) {
        this.context = context;
        this.settings = settings;
        this.loop = loop;
    }

    /** Measures {@link FloodSettings#windows()} times, one after the other. */
    List<Figures> measureWindows() throws Exception {
        List<Figures> windows = new ArrayList<>();
        for (int i = 0; i < settings.windows(); i++) {
            windows.add(measure());
        }
        return windows;
    }

    Figures measure() throws Exception {
        String tag = "probe" + run++;
        Histogram connects = new Histogram(3);
        long connectFailures = timeConnects(tag, connects);
        Histogram latency = new Histogram(3);
        long[] counts = timeMessages(tag, latency);
        return new Figures(millis(connects, 99), connectFailures, millis(latency, 99), counts[0], counts[1]);
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private long timeConnects(String tag, Histogram into) throws InterruptedException {
        Semaphore permits = new Semaphore(CONNECTS_AT_ONCE);
        AtomicLong failures = new AtomicLong();
        for (int i = 0; i < settings.connectProbes(); i++) {
            if (!permits.tryAcquire(30, TimeUnit.SECONDS)) {
                failures.incrementAndGet();
                continue;
            }
            long started = System.nanoTime();
            context.connectProbe(loop, i, tag + "-c" + i, MessageListener.NONE).whenComplete((client, e) -> {
                long micros = (System.nanoTime() - started) / 1000;
                if (e == null) {
                    synchronized (into) {
                        into.recordValue(micros);
                    }
                    client.channel().close();
                } else {
                    failures.incrementAndGet();
                }
                permits.release();
            });
        }
        if (!permits.tryAcquire(CONNECTS_AT_ONCE, 60, TimeUnit.SECONDS)) {
            failures.addAndGet(CONNECTS_AT_ONCE - permits.availablePermits());
        }
        return failures.get();
    }

    /**
     * Returns {sent, delivered} of the messages due in the measurement window (a message belongs to the window by the
     * send time it carries, however late it arrives); waits up to {@value #DRAIN_SECONDS} s after the window for the
     * last of them.
     */
    private long[] timeMessages(String tag, Histogram into) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicLong delivered = new AtomicLong();
        // The window [from, until) in System.nanoTime(); until is Long.MAX_VALUE while it is open.
        long from = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WARM_UP_MILLIS);
        AtomicLong until = new AtomicLong(Long.MAX_VALUE);
        List<MqttClient> publishers = new ArrayList<>();
        List<String> topics = new ArrayList<>();
        List<MqttClient> everyone = new ArrayList<>();
        ScheduledExecutorService pacer =
                Executors.newSingleThreadScheduledExecutor(r -> FloodContext.daemon(r, "probe-pacer"));
        try {
            for (int i = 0; i < settings.probePairs(); i++) {
                String publisherId = tag + "-p" + i;
                String topic = "bench/" + publisherId + "/latency";
                MqttClient subscriber = context.connectProbe(
                                loop, 2 * i + 1, tag + "-s" + i, (t, payload, qos, retain) -> {
                                    long intended = payload.getLong(payload.readerIndex());
                                    if (intended >= from && intended < until.get()) {
                                        recorder.recordValue(Math.max(0, (System.nanoTime() - intended) / 1000));
                                        delivered.incrementAndGet();
                                    }
                                })
                        .get(30, TimeUnit.SECONDS);
                everyone.add(subscriber);
                subscriber.subscribe(List.of(topic), MqttQoS.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
                MqttClient publisher = context.connectProbe(loop, 2 * i, publisherId, MessageListener.NONE)
                        .get(30, TimeUnit.SECONDS);
                everyone.add(publisher);
                publishers.add(publisher);
                topics.add(topic);
            }
            AtomicLong sent = new AtomicLong();
            long paceStart = System.nanoTime();
            double perNano = settings.probeRate() / 1e9;
            long[] due = {0};
            pacer.scheduleAtFixedRate(
                    () -> {
                        long target = (long) ((System.nanoTime() - paceStart) * perNano);
                        while (due[0] < target) {
                            long intended = paceStart + (long) (due[0] / perNano);
                            int i = (int) (due[0] % publishers.size());
                            byte[] payload = new byte[64];
                            Unpooled.wrappedBuffer(payload).setLong(0, intended);
                            publishers.get(i).publish(topics.get(i), payload, MqttQoS.AT_LEAST_ONCE, false);
                            if (intended >= from && intended < until.get()) {
                                sent.incrementAndGet();
                            }
                            due[0]++;
                        }
                    },
                    0,
                    1,
                    TimeUnit.MILLISECONDS);
            TimeUnit.NANOSECONDS.sleep(
                    Math.max(0, from - System.nanoTime()) + settings.measure().toNanos());
            pacer.shutdown();
            pacer.awaitTermination(5, TimeUnit.SECONDS);
            until.set(paceStart + (long) (due[0] / perNano));
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            while (delivered.get() < sent.get() && System.nanoTime() < drainDeadline) {
                Thread.sleep(20);
            }
            into.add(recorder.getIntervalHistogram());
            return new long[] {sent.get(), delivered.get()};
        } finally {
            pacer.shutdownNow();
            everyone.forEach(c -> c.channel().close());
            everyone.forEach(c -> c.channel().closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS));
        }
    }
}
