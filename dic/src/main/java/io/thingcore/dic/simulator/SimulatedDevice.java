package io.thingcore.dic.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.concurrent.ScheduledFuture;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.MqttConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A DIC app connected like the firmware: subscribes to {@code command}, publishes its state at QoS 0 on every
 * (re)connection and on every change, and reconnects with {@link Backoff} when the connection drops. Everything runs
 * on one event loop, so the app needs no locking.
 *
 * <p>The first connection decides whether the settings work: a refused certificate, an untrusted server or a refusing
 * CONNACK fails {@link #start()} (retrying cannot fix them); an unreachable gateway is retried, since it may be
 * starting. Once connected, every drop is retried until {@link #close()}.
 */
public final class SimulatedDevice implements AutoCloseable {
    private final EventLoop loop;
    private final ClientTls tls;
    private final MqttClientOptions options;
    private final DicApp app;
    private final Backoff backoff;
    private final Consumer<String> log;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();

    // Event loop only.
    private MqttClient current;
    private ScheduledFuture<?> retry;
    private int attempt;
    private int connections;
    private boolean stopped;

    /**
     * @param loop the event loop the device and all its connections run on
     * @param options the client ID must be the thing name; the firmware uses keep-alive 0
     * @param log receives one line per event (connections, commands, publications)
     */
    public SimulatedDevice(
            EventLoop loop,
            ClientTls tls,
            MqttClientOptions options,
            DicApp app,
            Backoff backoff,
            Consumer<String> log) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.options = Objects.requireNonNull(options, "options");
        this.app = Objects.requireNonNull(app, "app");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Starts connecting; completes once the device is connected, subscribed and has published its state, or fails
     * with the {@link MqttConnectException} of a first connection that retrying cannot fix.
     */
    public CompletableFuture<Void> start() {
        loop.execute(this::connect);
        return ready;
    }

    /** How many times the device has connected (for tests and the log). */
    public int connections() {
        return onLoop(() -> connections);
    }

    /** The app, for inspection from the loop's thread or once stopped. */
    public DicApp app() {
        return app;
    }

    private void connect() {
        if (stopped) {
            return;
        }
        retry = null;
        MqttClient.connect(loop, tls, options, this::onMessage).whenCompleteAsync(this::connected, loop);
    }

    private void connected(MqttClient client, Throwable error) {
        if (error != null) {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            boolean permanent = cause instanceof MqttConnectException e
                    && e.failure() != MqttConnectException.Failure.UNREACHABLE
                    && e.failure() != MqttConnectException.Failure.TIMEOUT;
            if (permanent && !ready.isDone()) {
                stopped = true;
                ready.completeExceptionally(cause);
                return;
            }
            reconnectLater("cannot connect: " + cause.getMessage());
            return;
        }
        if (stopped) {
            client.disconnect();
            return;
        }
        current = client;
        connections++;
        client.closeFuture().whenCompleteAsync((ignored, lost) -> disconnected(client, lost), loop);
        client.subscribe(List.of(DicApp.COMMAND_TOPIC), MqttQoS.AT_MOST_ONCE)
                .whenCompleteAsync(
                        (codes, failed) -> {
                            if (failed != null) {
                                return; // the connection is gone; disconnected() reconnects
                            }
                            attempt = 0;
                            boolean refused = codes.get(0) == MqttClient.SUBACK_FAILURE;
                            log.accept("connected to " + options.address() + " as " + options.clientId() + " (SNI "
                                    + options.serverName() + ")"
                                    + (refused
                                            ? "; the gateway refused the subscription to \"command\" (policy)"
                                            : "; listening on \"" + DicApp.COMMAND_TOPIC + "\""));
                            publish(app.state());
                            ready.complete(null);
                        },
                        loop);
    }

    private void disconnected(MqttClient client, Throwable lost) {
        if (current == client) {
            current = null;
        }
        if (stopped) {
            return;
        }
        Throwable cause = lost instanceof CompletionException && lost.getCause() != null ? lost.getCause() : lost;
        reconnectLater("connection lost" + (cause == null ? "" : ": " + cause.getMessage()));
    }

    private void reconnectLater(String why) {
        Duration delay = backoff.delay(attempt++);
        log.accept(why + "; reconnecting in " + delay.toMillis() + " ms");
        retry = loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onMessage(String topic, ByteBuf payload, MqttQoS qos, boolean retain) {
        if (!topic.equals(DicApp.COMMAND_TOPIC)) {
            return;
        }
        Reaction reaction = app.onCommand(payload.toString(StandardCharsets.UTF_8));
        log.accept("command: " + reaction.log());
        publish(reaction.publish());
    }

    private void publish(List<StateMessage> messages) {
        MqttClient client = current;
        if (client == null) {
            return;
        }
        for (StateMessage message : messages) {
            client.publish(message.topic(), message.payload(), MqttQoS.AT_MOST_ONCE, false);
            log.accept("published " + message);
        }
    }

    /** Stops reconnecting, disconnects, and waits (up to 5 s) for the connection to close. */
    @Override
    public void close() {
        if (loop.isShuttingDown()) {
            return; // the group is going away, and the connection with it
        }
        CompletableFuture<Void> closed = onLoop(() -> {
            stopped = true;
            if (retry != null) {
                retry.cancel(false);
            }
            ready.completeExceptionally(new IllegalStateException("stopped before connecting"));
            return current == null ? CompletableFuture.completedFuture(null) : current.disconnect();
        });
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // Closing is best effort: the process or test ends anyway.
        }
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return loop.submit(task).syncUninterruptibly().getNow();
    }
}
