package io.thingcore.broker.session;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.pipeline.Disconnector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Closes a connection that has sent no Control Packet for its keep-alive timeout, 1.5 times the applied keep-alive
 * (MQTT 3.1.1 [MQTT-3.1.2-24], MQTT 5.0 [MQTT-3.1.2-22]). The time of the last packet is the one {@link Connection}
 * records for every packet anyway ({@link Connection#packetReceived()}); the timer is armed for when the silence would
 * reach the timeout and, when it fires early because a packet arrived meanwhile, re-armed from that packet: a packet
 * costs no timer work, and a connection one timer. A Netty {@code IdleStateHandler} in the pipeline did the same at the
 * cost of a handler context and three more objects per connection (issue 14). Runs on the channel's event loop.
 */
public final class KeepAliveTimer implements Runnable {
    private final Connection connection;
    private final Disconnector disconnector;
    private final long timeoutNanos;
    private @Nullable ScheduledFuture<?> armed;

    private KeepAliveTimer(Connection connection, Disconnector disconnector, long timeoutNanos) {
        this.connection = connection;
        this.disconnector = disconnector;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Starts the keep-alive of {@code connection}: closed after {@code timeout} without a packet. Call on its event
     * loop, once; {@link #cancel} when the channel closes.
     */
    public static KeepAliveTimer start(Connection connection, Disconnector disconnector, Duration timeout) {
        KeepAliveTimer timer = new KeepAliveTimer(connection, disconnector, timeout.toNanos());
        timer.arm(timer.timeoutNanos - connection.silenceNanos());
        return timer;
    }

    @Override
    public void run() {
        armed = null;
        Channel channel = connection.channel();
        if (!channel.isOpen()) {
            return;
        }
        long silence = connection.silenceNanos();
        if (silence < timeoutNanos) {
            arm(timeoutNanos - silence);
            return;
        }
        disconnector.disconnect(
                channel, DisconnectReason.MQTT_KEEP_ALIVE_TIMEOUT, ConnectionEndHandler.keepAliveTimeout(connection));
    }

    /** Stops the timer; on the channel's event loop. */
    void cancel() {
        ScheduledFuture<?> future = armed;
        if (future != null) {
            future.cancel(false);
            armed = null;
        }
    }

    private void arm(long delayNanos) {
        armed = connection.channel().eventLoop().schedule(this, Math.max(delayNanos, 0), TimeUnit.NANOSECONDS);
    }
}
