package io.thingcore.dic.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.concurrent.ScheduledFuture;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.MqttConnectException;
import io.thingcore.dic.simulator.ota.OtaAgent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A DIC board on one event loop: the firmware's MQTT session (SiliconLabs/matter_extension and project-chip/
 * connectedhomeip {@code dic.cpp} @242e2263, {@code dic_control.cpp} @0bfbaa93) around a {@link DicApp}.
 *
 * <ul>
 *   <li>Connects once: MQTT 3.1.1, clean session, keep-alive 0, no will, no user name or password; TLS per the
 *       {@link ClientTls} profile given.
 *   <li>Subscribes to {@code command} at QoS 0 (not the publish-only first generation) and publishes nothing on
 *       connect: only attribute changes, at QoS 0.
 *   <li>Treats every incoming PUBLISH as a command, whatever its topic: {@code mqtt_set_inpub_callback} installs one
 *       global callback (dic.cpp :61-67). Parsing and lookup as {@code dic_incoming_data_cb} ({@link CommandParser}).
 *   <li>A value {@code std::stoi} cannot convert aborts the board: the simulated device says so and stops.
 *   <li>With OTA built in, {@code ota} starts the AWS OTA agent once ({@code static TaskHandle_t AWS_OTA}); its
 *       subscription replaces the global callback, so from then on {@code command} payloads go to the OTA agent.
 *   <li>Never reconnects: on connection loss the DIC task ends (dic.cpp :204, {@code end_loop} is never reset), so the
 *       device stops ({@link Stop#CONNECTION_LOST}). A {@link Backoff} in the profile opts into reconnecting, which the
 *       firmware does not do.
 * </ul>
 */
public final class SimulatedDevice implements AutoCloseable {
    /** Why the device stopped. */
    public enum Stop {
        /** {@link #close()}. */
        CLOSED,
        /** The connection ended and the firmware does not reconnect. */
        CONNECTION_LOST,
        /** The firmware would have aborted ({@code std::stoi} threw). */
        CRASHED
    }

    /** The topic of the remote user's commands ({@code MQTT_SUBSCRIBE_TOPIC}). */
    public static final String COMMAND_TOPIC = "command";

    static final String NO_RECONNECT = "the firmware does not reconnect (G1-G3: until reboot; matter-aws: until the"
            + " next IPv4 connectivity event); pass --reconnect to keep trying (not the firmware's behaviour)";

    private final EventLoop loop;
    private final ClientTls tls;
    private final MqttClientOptions options;
    private final FirmwareProfile profile;
    private final Consumer<String> log;
    private final DicApp app;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Stop> stopped = new CompletableFuture<>();

    // Event loop only.
    private @Nullable MqttClient current;
    private @Nullable ScheduledFuture<?> retry;
    private int attempt;
    private int connections;
    private boolean stopping;
    private @Nullable OtaAgent ota;
    private boolean otaOwnsCallback;

    /**
     * @param options client ID = the thing name; keep-alive and clean session as the firmware sets them (the device
     *     sets keep-alive 0 and clean session itself)
     * @param log one line per event
     */
    public SimulatedDevice(
            EventLoop loop,
            ClientTls tls,
            MqttClientOptions options,
            DicApp.Kind kind,
            FirmwareProfile profile,
            Consumer<String> log) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.tls = Objects.requireNonNull(tls, "tls");
        // DIC_KEEP_ALIVE 0 (dic.cpp :113) and "always connect using clean session" (mqtt.c mqtt_client_connect).
        this.options = options.withKeepAlive(0).withCleanSession(true);
        this.profile = Objects.requireNonNull(profile, "profile");
        this.log = Objects.requireNonNull(log, "log");
        this.app = kind.create(new Io(), profile.motionStep());
    }

    /**
     * Connects; completes once connected (and subscribed, for a generation that subscribes), or fails with the
     * {@link MqttConnectException} of the first attempt (or, with reconnection, of one retrying cannot fix).
     */
    public CompletableFuture<Void> start() {
        loop.execute(this::connect);
        return ready;
    }

    /** Completes when the device stops, with the reason. */
    public CompletableFuture<Stop> stopped() {
        return stopped;
    }

    /** How many times the device has connected. */
    public int connections() {
        return onLoop(() -> connections);
    }

    /** The app, for inspection on the loop or once stopped. */
    public DicApp app() {
        return app;
    }

    /**
     * A local change, as the board's button or a Matter controller makes it: {@code NAME} or {@code NAME/INTEGER}
     * with the command vocabulary ({@code on}, {@code lock}, {@code Heating/2150}, {@code Lift/5000}, ...). Works
     * whether or not the device is connected (its publishes are then lost, as the board's are).
     */
    public void local(String line) {
        loop.execute(() -> applyLocal(line));
    }

    private void applyLocal(String line) {
        String text = line.strip();
        if (text.isEmpty()) {
            return;
        }
        int slash = text.indexOf('/');
        String name = slash < 0 ? text : text.substring(0, slash);
        int value = 0;
        if (slash >= 0) {
            try {
                value = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                log.accept("local: \"" + printable(text) + "\" is not NAME or NAME/INTEGER");
                return;
            }
        }
        Cluster cluster = find(name);
        if (cluster == null) {
            log.accept("local: the " + app.name() + " app has no \"" + printable(name) + "\"; it knows "
                    + app.clusters().stream()
                            .flatMap(c -> c.commands().stream())
                            .toList());
            return;
        }
        log.accept("local change: " + text);
        app.local(cluster, name, value);
    }

    private @Nullable Cluster find(String name) {
        if (name == null) {
            return null;
        }
        for (Cluster cluster : Cluster.values()) { // the lookup order of dic_incoming_data_cb
            if (app.clusters().contains(cluster) && cluster.commands().contains(name)) {
                return cluster;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ connection

    private void connect() {
        if (stopping) {
            return;
        }
        retry = null;
        MqttClient.connect(loop, tls, options, this::onMessage).whenCompleteAsync(this::connected, loop);
    }

    private void connected(MqttClient client, Throwable error) {
        if (error != null) {
            Throwable cause = unwrap(error);
            boolean permanent = cause instanceof MqttConnectException e
                    && e.failure() != MqttConnectException.Failure.UNREACHABLE
                    && e.failure() != MqttConnectException.Failure.TIMEOUT;
            Backoff reconnect = profile.reconnect();
            if (reconnect == null || (permanent && !ready.isDone())) {
                // The DIC task ends when mqtt_client_connect fails or is refused; there is no retry.
                ready.completeExceptionally(cause);
                stop(Stop.CONNECTION_LOST);
                return;
            }
            reconnectLater(reconnect, "cannot connect: " + cause.getMessage());
            return;
        }
        if (stopping) {
            client.disconnect();
            return;
        }
        current = client;
        connections++;
        otaOwnsCallback = false; // a reconnection (opt-in) starts a new session with the command callback
        OtaAgent resuming = connections > 1 ? ota : null;
        client.closeFuture().whenCompleteAsync((ignored, lost) -> disconnected(client, lost), loop);
        String who = "connected to " + options.address() + " as " + options.clientId() + " ("
                + profile.firmware().label() + ", "
                + (tls.profile().sendsServerName() ? "SNI " + options.serverName() : "no SNI") + ")";
        if (!profile.firmware().subscribes()) {
            attempt = 0;
            log.accept(who + "; publish-only firmware: no subscription, local changes only");
            ready.complete(null);
            return;
        }
        client.subscribe(List.of(COMMAND_TOPIC), MqttQoS.AT_MOST_ONCE)
                .whenCompleteAsync(
                        (codes, failed) -> {
                            if (failed != null) {
                                return; // the connection is gone; disconnected() reports it
                            }
                            attempt = 0;
                            // The firmware only logs a refused SUBACK.
                            log.accept(who
                                    + (codes.get(0) == MqttClient.SUBACK_FAILURE
                                            ? "; the gateway refused the subscription to \"command\" (policy)"
                                            : "; subscribed to \"" + COMMAND_TOPIC + "\""));
                            ready.complete(null);
                            if (resuming != null) {
                                resuming.resume(); // OTA_Resume, as the OTA demo calls it after reconnecting
                            }
                        },
                        loop);
    }

    private void disconnected(MqttClient client, Throwable lost) {
        if (current == client) {
            current = null;
        }
        if (stopping) {
            return;
        }
        Throwable cause = unwrap(lost);
        String why = "connection lost" + (cause == null ? "" : ": " + cause.getMessage());
        if (ota != null
                && ota.lastPublishTopic() != null
                && ota.lastPublishTopic().startsWith("$aws/")) {
            why = why + " (the OTA agent last published to " + ota.lastPublishTopic()
                    + "; a policy that does not allow it closes the connection)";
        }
        Backoff reconnect = profile.reconnect();
        if (reconnect == null) {
            log.accept(why);
            log.accept(NO_RECONNECT);
            stop(Stop.CONNECTION_LOST);
            return;
        }
        reconnectLater(reconnect, why);
    }

    private void reconnectLater(Backoff reconnect, String why) {
        Duration delay = reconnect.delay(attempt++);
        log.accept(why + "; reconnecting in " + delay.toMillis() + " ms (--reconnect)");
        retry = loop.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stop(Stop reason) {
        stopping = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new IllegalStateException("the device stopped before connecting"));
        }
        MqttClient client = current;
        if (client != null) {
            client.disconnect();
        }
        stopped.complete(reason);
    }

    // ------------------------------------------------------------------ incoming

    private void onMessage(String topic, ByteBuf payload, MqttQoS qos, boolean retain) {
        byte[] bytes = ByteBufUtil.getBytes(payload);
        if (stopping) {
            return;
        }
        if (otaOwnsCallback && ota != null) {
            ota.onMessage(topic, bytes);
            return;
        }
        onCommand(topic, bytes);
    }

    /** {@code dic_incoming_data_cb}: any topic. */
    private void onCommand(String topic, byte[] payload) {
        String from = topic.equals(COMMAND_TOPIC) ? "" : " (on " + topic + ": any topic is a command)";
        switch (CommandParser.parse(payload)) {
            case CommandParser.Dropped dropped ->
                log.accept("command of " + dropped.length() + " bytes dropped: the firmware ignores payloads of "
                        + CommandParser.MAX_COMMAND_LENGTH + " bytes or more, silently" + from);
            case CommandParser.Crash crash -> {
                log.accept("command \"" + printable(crash.text()) + "\"" + from + ": std::stoi(\""
                        + printable(crash.token()) + "\") throws " + crash.exception()
                        + "; the real firmware would abort here (nothing catches it). The simulated device stops.");
                stop(Stop.CRASHED);
            }
            case CommandParser.Command command -> dispatch(command, from);
        }
    }

    private void dispatch(CommandParser.Command command, String from) {
        log.accept("command \"" + printable(command.text()) + "\"" + from + " (_value=" + command.value() + ")");
        // strcmp(cmd, "ota"): the whole text, so "ota/1" is not ota.
        if (profile.ota() && command.text().equals("ota")) {
            startOta();
            return;
        }
        if (command.name() == null) {
            log.accept("  no command before or between the slashes: the firmware passes a NULL token to strcmp"
                    + " (undefined behaviour); treated as not found");
            log.accept("  Command " + printable(command.text()) + " not found");
            return;
        }
        Cluster cluster = find(command.name());
        if (cluster == null) {
            log.accept("  Command " + printable(command.text()) + " not found");
            return;
        }
        app.command(cluster, command.name(), command.value());
    }

    private void startOta() {
        if (ota != null) {
            log.accept("  ota: the AWS_OTA task exists already (it is created once)");
            return;
        }
        log.accept("  ota: starting the AWS OTA agent as thing " + profile.otaThing()
                + "; its subscription takes over the incoming-publish callback, so \"command\" stops working");
        ota = new OtaAgent(profile.otaThing(), new OtaTransport(), profile.otaSettings());
        ota.requestJob();
    }

    /** The OTA agent's MQTT, on the same connection ({@code dic_aws_ota_subscribe} / {@code _publish}). */
    private final class OtaTransport implements OtaAgent.Transport {
        @Override
        public CompletableFuture<?> subscribe(String topic, MqttQoS qos) {
            MqttClient client = current;
            if (client == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            // dic_mqtt_subscribe replaces the one global incoming-publish callback (dic.cpp :61-62).
            otaOwnsCallback = true;
            return client.subscribe(List.of(topic), qos).thenApplyAsync(codes -> codes, loop);
        }

        @Override
        public CompletableFuture<?> publish(String topic, byte[] payload, MqttQoS qos) {
            MqttClient client = current;
            if (client == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
            }
            return client.publish(topic, payload, qos, false).thenApplyAsync(done -> done, loop);
        }

        @Override
        public void log(String line) {
            log.accept(line);
        }
    }

    // ------------------------------------------------------------------ the app's outside world

    private final class Io implements DeviceIo {
        @Override
        public void publish(StateMessage message) {
            MqttClient client = current;
            if (client == null) {
                log.accept("not connected: " + message + " is lost (mqtt_publish fails, nothing is queued)");
                return;
            }
            client.publish(message.topic(), message.payload(), MqttQoS.AT_MOST_ONCE, false);
            log.accept("published " + message);
        }

        @Override
        public void log(String line) {
            log.accept("  " + line);
        }

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            return loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Disconnects and stops (no reconnection), waiting up to 5 s for the connection to close. */
    @Override
    public void close() {
        if (loop.isShuttingDown()) {
            return;
        }
        CompletableFuture<Void> closed = onLoop(() -> {
            MqttClient client = current;
            if (!stopped.isDone()) {
                stop(Stop.CLOSED);
            }
            return client == null ? CompletableFuture.completedFuture(null) : client.closeFuture();
        });
        try {
            closed.exceptionally(ignored -> null).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Best effort: the process or test ends anyway.
        }
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    /** At most 64 characters, control characters escaped. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format(Locale.ROOT, "\\x%02x", (int) c) : String.valueOf(c));
        }
        return text.length() > 64 ? out + "..." : out.toString();
    }

    private <T> T onLoop(Callable<T> task) {
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
