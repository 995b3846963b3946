package io.thingcore.bench.floods;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.MessageListener;
import io.thingcore.client.MqttClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code readers} subscribers at QoS 1 stop reading their socket once subscribed (auto-read off: the gateway's writes
 * fill the TCP buffers, then its per-session queue), while one publisher sends QoS 1 messages of 1 KB to their topic at
 * {@code rate} per second, at most {@value #PUBLISHER_WINDOW} unacknowledged. The gateway must drop what it cannot
 * deliver, count it, and keep memory and log volume flat.
 */
final class SlowReaders implements FloodLoad {
    static final int PUBLISHER_WINDOW = 200;
    private static final byte[] PAYLOAD = new byte[1024];

    private final List<MqttClient> clients = new ArrayList<>();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> FloodContext.daemon(r, "flood-slow-readers"));
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    SlowReaders(FloodContext context, int readers, int rate) throws Exception {
        String publisherId = "flood-slow-pub";
        String topic = "bench/" + publisherId + "/slow";
        for (int i = 0; i < readers; i++) {
            MqttClient reader =
                    context.connect(i, "flood-slow-" + i, MessageListener.NONE).get(30, TimeUnit.SECONDS);
            clients.add(reader);
            reader.subscribe(List.of(topic), MqttQoS.AT_LEAST_ONCE).get(30, TimeUnit.SECONDS);
            reader.channel().config().setAutoRead(false);
        }
        MqttClient publisher =
                context.connect(readers, publisherId, MessageListener.NONE).get(30, TimeUnit.SECONDS);
        clients.add(publisher);
        int perTick = Math.max(1, rate / 1000);
        timer.scheduleAtFixedRate(
                () -> {
                    for (int i = 0; i < perTick && inFlight.get() < PUBLISHER_WINDOW && publisher.isOpen(); i++) {
                        inFlight.incrementAndGet();
                        publisher
                                .publish(topic, PAYLOAD, MqttQoS.AT_LEAST_ONCE, false)
                                .whenComplete((ok, e) -> {
                                    inFlight.decrementAndGet();
                                    (e == null ? acknowledged : refused).incrementAndGet();
                                });
                    }
                },
                1,
                1,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%,d messages of 1 KB acknowledged to the publisher, %,d failed",
                acknowledged.get(),
                refused.get());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (MqttClient client : clients) {
            client.channel().close();
        }
    }
}
