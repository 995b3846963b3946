package io.thingcore.cli;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.NetUtil;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttConnectException;
import io.thingcore.dic.DicException;
import io.thingcore.pki.Pem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
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

    /** As {@link #fail(Throwable)}, with what this client can tell about why the gateway refused it. */
    static int fail(Throwable failure, MqttConnectionOptions.Resolved resolved) {
        System.err.println("thingcore: "
                + explain(
                        failure,
                        ownCertificate(resolved.certificate()),
                        resolved.options().serverName(),
                        resolved.options().clientId(),
                        Clock.systemUTC().instant()));
        return 1;
    }

    private static @Nullable X509Certificate ownCertificate(Path file) {
        try {
            return Pem.readCertificate(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return null; // the connection attempt has already said what is wrong with the file
        }
    }

    /**
     * The one line for a failed connection: the client's own message, and the specific reason a refusal has when this
     * side can know it. The gateway tells a refused client nothing but a TLS alert or a close (AWS IoT does the same),
     * so the client checks what it can: the server CA it was given, its own certificate's validity, whether its TLS
     * stack sent SNI at all, and the CONNACK return code (MQTT 3.1.1 section 3.2.2.3).
     */
    static String explain(
            Throwable failure, @Nullable X509Certificate own, String serverName, String clientId, Instant now) {
        String message = MqttConnectionOptions.message(failure);
        MqttConnectException connect = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MqttConnectException e) {
                connect = e;
                break;
            }
        }
        if (connect == null) {
            return message;
        }
        return switch (connect.failure()) {
            case SERVER_NOT_TRUSTED ->
                message + "; pass the gateway's server CA with --cafile FILE (server-ca.pem in the gateway's data"
                        + " directory; --connection and --dic-out find it for you)";
            case CONNACK_REFUSED -> "the gateway refused the connection: " + returnCodeInWords(connect, clientId);
            case REFUSED_BY_GATEWAY, TLS_FAILED -> {
                if (own != null && now.isAfter(own.getNotAfter().toInstant())) {
                    yield "the gateway refused the connection: this client's certificate expired at "
                            + own.getNotAfter().toInstant()
                            + " (the gateway refuses expired certificates, as AWS IoT does): issue and register a new"
                            + " one";
                }
                if (own != null && now.isBefore(own.getNotBefore().toInstant())) {
                    yield "the gateway refused the connection: this client's certificate is not valid before "
                            + own.getNotBefore().toInstant() + ": check this machine's clock and the gateway's";
                }
                if (!sentAsSni(serverName)) {
                    yield message + "; no SNI was sent: \"" + serverName + "\" is an IP address or a name without a"
                            + " dot, which TLS clients do not send as SNI (RFC 6066 section 3), and a certificate in"
                            + " SNI_ONLY mode needs SNI under --sni-rule strict, as on AWS IoT: pass --sni with one of"
                            + " the gateway's host names";
                }
                yield message;
            }
            case UNREACHABLE, TIMEOUT -> message;
        };
    }

    /**
     * Whether Netty's engines send {@code name} as SNI: a host name with a dot, not an IP literal (RFC 6066 section 3:
     * "Literal IPv4 and IPv6 addresses are not permitted"; the JDK and Netty's {@code SslUtils.isValidHostNameForSNI}
     * also skip names without a dot).
     */
    static boolean sentAsSni(String name) {
        return name.indexOf('.') > 0
                && !name.endsWith(".")
                && !NetUtil.isValidIpV4Address(name)
                && !NetUtil.isValidIpV6Address(name);
    }

    /** MQTT 3.1.1 section 3.2.2.3, table 3.1, with what the code means on AWS IoT and this gateway. */
    private static String returnCodeInWords(MqttConnectException refused, String clientId) {
        MqttConnectReturnCode code = refused.returnCode();
        if (code == null) {
            return String.valueOf(refused.getMessage());
        }
        String words = switch (code) {
            case CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION ->
                "unacceptable protocol version: the gateway speaks MQTT 3.1.1 and 5";
            case CONNECTION_REFUSED_IDENTIFIER_REJECTED ->
                "client ID \"" + clientId + "\" rejected: AWS IoT accepts 1 to 128 bytes (--client-id)";
            case CONNECTION_REFUSED_SERVER_UNAVAILABLE -> "server unavailable: try again later";
            case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD ->
                "bad user name or password: the gateway authenticates with the client certificate only";
            case CONNECTION_REFUSED_NOT_AUTHORIZED ->
                "not authorized: the policies attached to the certificate do not allow iot:Connect as client ID \""
                        + clientId + "\"";
            default -> code.name();
        };
        return words + " (CONNACK return code " + (code.byteValue() & 0xFF) + ")";
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
            MqttConnectionOptions.Resolved resolved = null;
            try {
                MqttQoS subscriptionQos = qos(qos);
                resolved = connection.resolve(MqttConnectionOptions.As.explorer, keepAlive, "sub");
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
                // On stderr, so that stdout holds only the messages (as mosquitto_sub -v prints them): tells the
                // user in this terminal that a publish from another one will now be seen.
                System.err.println("subscribed to " + String.join(", ", topics) + " as "
                        + resolved.options().clientId() + " on "
                        + resolved.options().host() + ":"
                        + resolved.options().port() + "; waiting for messages (Ctrl-C stops)");
                System.err.flush();
                return print(received, client);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } catch (ExecutionException e) {
                return resolved == null ? fail(e) : fail(e, resolved);
            } catch (RuntimeException e) {
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
            MqttConnectionOptions.Resolved resolved = null;
            try {
                MqttQoS publishQos = qos(qos);
                resolved = connection.resolve(MqttConnectionOptions.As.explorer, 0, "pub");
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
            } catch (ExecutionException e) {
                return resolved == null ? fail(e) : fail(e, resolved);
            } catch (RuntimeException e) {
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
