package io.thingcore.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.MqttClient;
import io.thingcore.dic.DicException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thingcore mqtt sub|pub}: the remote user's part of the DIC guide from a terminal, like mosquitto_sub/pub. */
@Command(
        name = "mqtt",
        mixinStandardHelpOptions = true,
        description = "Subscribe and publish over MQTT with mutual TLS, like mosquitto_sub and mosquitto_pub.",
        subcommands = {MqttCommand.Sub.class, MqttCommand.Pub.class})
public final class MqttCommand implements Runnable {
    /** Exit code when --timeout passes before --count messages arrived. */
    static final int EXIT_TIMEOUT = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static MqttQoS qos(int value) {
        return switch (value) {
            case 0 -> MqttQoS.AT_MOST_ONCE;
            case 1 -> MqttQoS.AT_LEAST_ONCE;
            default ->
                throw new DicException("--qos " + value + " is not supported: use 0 or 1 (AWS IoT has no QoS 2)");
        };
    }

    static int fail(Throwable failure) {
        System.err.println("thingcore: " + MqttConnectionOptions.message(failure));
        return 1;
    }

    @Command(
            name = "sub",
            mixinStandardHelpOptions = true,
            description = {
                "Subscribe and print each message as `topic payload` (like mosquitto_sub -v).",
                "Exit codes: 0 done, 1 error (refused, unreachable, subscription denied), 2 usage,"
                        + " 3 --timeout before --count messages."
            })
    static final class Sub implements java.util.concurrent.Callable<Integer> {
        @Mixin
        MqttConnectionOptions connection = new MqttConnectionOptions();

        @Option(
                names = {"-t", "--topic"},
                paramLabel = "FILTER",
                required = true,
                description = "Topic filter, + and # allowed; repeat for several.")
        List<String> topics;

        @Option(names = "--qos", paramLabel = "0|1", defaultValue = "0", description = "Subscription QoS.")
        int qos;

        @Option(
                names = {"-C", "--count"},
                paramLabel = "N",
                description = "Exit after N messages.")
        @Nullable
        Integer count;

        @Option(
                names = {"-W", "--timeout"},
                paramLabel = "S",
                description = "Exit after S seconds (code 3 if --count messages did not all arrive).")
        @Nullable
        Integer timeout;

        @Option(
                names = "--keep-alive",
                paramLabel = "S",
                defaultValue = "60",
                description = "MQTT keep-alive, 0 for none (default: ${DEFAULT-VALUE}).")
        int keepAlive;

        @Override
        public Integer call() {
            EventLoopGroup group = null;
            MqttClient client = null;
            try {
                MqttQoS subscriptionQos = qos(qos);
                MqttConnectionOptions.Resolved resolved =
                        connection.resolve(MqttConnectionOptions.As.explorer, keepAlive, "sub");
                BlockingQueue<String> received = new LinkedBlockingQueue<>();
                group = MqttClient.newEventLoopGroup(1);
                client = MqttClient.connect(
                                group,
                                resolved.tls(),
                                resolved.options(),
                                (topic, payload, q, retain) ->
                                        received.add(topic + " " + payload.toString(StandardCharsets.UTF_8)))
                        .get();
                List<Integer> codes = client.subscribe(topics, subscriptionQos).get();
                for (int i = 0; i < codes.size(); i++) {
                    if (codes.get(i) == MqttClient.SUBACK_FAILURE) {
                        throw new DicException("the gateway refused the subscription to \"" + topics.get(i)
                                + "\" (the policy does not allow iot:Subscribe on it)");
                    }
                }
                return print(received, client);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } catch (ExecutionException | RuntimeException e) {
                return fail(e);
            } finally {
                close(client, group);
            }
        }

        private int print(BlockingQueue<String> received, MqttClient client) throws InterruptedException {
            PrintStream out = System.out;
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
            int printed = 0;
            while (count == null || printed < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return count == null ? 0 : EXIT_TIMEOUT;
                }
                String line = received.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (line != null) {
                    out.println(line);
                    out.flush();
                    printed++;
                } else if (!client.isOpen()) {
                    throw new DicException(closedByGateway(client));
                }
            }
            return 0;
        }
    }

    @Command(
            name = "pub",
            mixinStandardHelpOptions = true,
            description = {
                "Publish one message (like mosquitto_pub). QoS 1 waits for the PUBACK.",
                "Exit codes: 0 published, 1 error, 2 usage."
            })
    static final class Pub implements java.util.concurrent.Callable<Integer> {
        @Mixin
        MqttConnectionOptions connection = new MqttConnectionOptions();

        @Option(
                names = {"-t", "--topic"},
                paramLabel = "TOPIC",
                required = true,
                description = "Topic.")
        String topic;

        @Option(
                names = {"-m", "--message"},
                paramLabel = "TEXT",
                required = true,
                description = "Payload (UTF-8), e.g. toggle.")
        String message;

        @Option(names = "--qos", paramLabel = "0|1", defaultValue = "0", description = "QoS (default: 0).")
        int qos;

        @Option(
                names = {"-r", "--retain"},
                description = "Ask the broker to retain the message.")
        boolean retain;

        @Override
        public Integer call() {
            EventLoopGroup group = null;
            MqttClient client = null;
            try {
                MqttQoS publishQos = qos(qos);
                MqttConnectionOptions.Resolved resolved =
                        connection.resolve(MqttConnectionOptions.As.explorer, 0, "pub");
                group = MqttClient.newEventLoopGroup(1);
                client = MqttClient.connect(
                                group, resolved.tls(), resolved.options(), io.thingcore.client.MessageListener.NONE)
                        .get();
                client.publish(topic, message, publishQos, retain).get(10, TimeUnit.SECONDS);
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } catch (TimeoutException e) {
                return fail(new DicException("no PUBACK within 10 s"));
            } catch (ExecutionException | RuntimeException e) {
                return fail(e);
            } finally {
                close(client, group);
            }
        }
    }

    /**
     * Why the gateway closed a subscriber's connection, as far as MQTT 3.1.1 lets a client know: the server closes the
     * network connection without a reason (section 3.1.4: a second CONNECT with the same client ID closes the first;
     * MQTT 5 would send DISCONNECT 0x8E "Session taken over"). The usual cause is named.
     */
    static String closedByGateway(MqttClient client) {
        String id = client.options().clientId();
        return "the gateway closed the connection of client ID " + id + " (" + closeReason(client.closeFuture())
                + "); MQTT 3.1.1 gives no reason, the usual one: another connection with client ID " + id
                + " took over (a gateway keeps one connection per client ID), or the gateway stopped";
    }

    private static String closeReason(CompletableFuture<Void> closed) {
        try {
            closed.getNow(null);
            return "closed";
        } catch (RuntimeException e) {
            return MqttConnectionOptions.message(e);
        }
    }

    static void close(@Nullable MqttClient client, @Nullable EventLoopGroup group) {
        if (client != null) {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Best effort: the connection closes with the process anyway.
            }
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
