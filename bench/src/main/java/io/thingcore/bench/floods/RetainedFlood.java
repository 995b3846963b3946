package io.thingcore.bench.floods;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.MessageListener;
import io.thingcore.client.MqttClient;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code publishers} devices each publish retained QoS 1 messages of 100 KB, every one to a new topic, the next as
 * soon as the previous is acknowledged. The gateway's retained-message quotas (count, bytes, rate) must refuse what
 * exceeds them; a publisher the gateway disconnects for it reconnects after 200 ms and goes on.
 */
final class RetainedFlood implements FloodLoad {
    private static final byte[] PAYLOAD = new byte[100 * 1024];

    private final FloodContext context;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> FloodContext.daemon(r, "flood-retained"));
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean running = true;

    RetainedFlood(FloodContext context, int publishers) {
        this.context = context;
        for (int i = 0; i < publishers; i++) {
            int device = i;
            timer.execute(() -> connect(device));
        }
    }

    private void connect(int device) {
        if (!running) {
            return;
        }
        String clientId = "flood-retained-" + device;
        context.connect(device, clientId, MessageListener.NONE).whenComplete((client, e) -> {
            if (e != null) {
                retryLater(device);
            } else {
                client.closeFuture().whenComplete((closed, ignored) -> retryLater(device));
                publishNext(client, clientId);
            }
        });
    }

    private void retryLater(int device) {
        if (running) {
            reconnects.incrementAndGet();
            timer.schedule(() -> connect(device), 200, TimeUnit.MILLISECONDS);
        }
    }

    private void publishNext(MqttClient client, String clientId) {
        if (!running || !client.isOpen()) {
            return;
        }
        String topic = "bench/" + clientId + "/retained/" + sequence.incrementAndGet();
        client.publish(topic, PAYLOAD, MqttQoS.AT_LEAST_ONCE, true).whenComplete((ok, e) -> {
            (e == null ? acknowledged : refused).incrementAndGet();
            publishNext(client, clientId);
        });
    }

    @Override
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%,d retained messages of 100 KB acknowledged, %,d refused, %,d reconnects",
                acknowledged.get(),
                refused.get(),
                reconnects.get());
    }

    @Override
    public void close() {
        running = false;
        timer.shutdownNow();
    }
}
