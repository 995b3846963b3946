package io.thingcore.bench.floods;

import io.thingcore.client.MessageListener;
import io.thingcore.client.MqttClient;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Connection attempts at {@code rate} per second (at most {@value #IN_FLIGHT} at once) with a certificate from a CA
 * the gateway does not know: each is refused during the handshake, and each refusal is something the gateway may log.
 * The gateway's log volume must stay bounded however fast they come.
 */
final class RefusedConnects implements FloodLoad {
    static final int IN_FLIGHT = 16;

    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(r -> FloodContext.daemon(r, "flood-refused"));
    private final Semaphore permits = new Semaphore(IN_FLIGHT);
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();

    RefusedConnects(FloodContext context, int rate) {
        long periodMicros = Math.max(1, 1_000_000L / rate);
        timer.scheduleAtFixedRate(
                () -> {
                    if (!permits.tryAcquire()) {
                        return;
                    }
                    MqttClient.connect(
                                    context.group(),
                                    context.unregisteredTls(),
                                    context.floodOptions("flood-refused"),
                                    MessageListener.NONE)
                            .whenComplete((client, e) -> {
                                permits.release();
                                if (e == null) {
                                    accepted.incrementAndGet();
                                    client.channel().close();
                                } else {
                                    refused.incrementAndGet();
                                }
                            });
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
    }

    @Override
    public String summary() {
        return String.format(
                Locale.ROOT, "%,d connections refused, %,d accepted (must be 0)", refused.get(), accepted.get());
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
