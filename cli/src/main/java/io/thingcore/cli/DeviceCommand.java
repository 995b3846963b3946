package io.thingcore.cli;

import io.netty.channel.EventLoopGroup;
import io.thingcore.client.MqttClient;
import io.thingcore.dic.simulator.Backoff;
import io.thingcore.dic.simulator.DicApp;
import io.thingcore.dic.simulator.SimulatedDevice;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thingcore device}: devices without hardware. */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "Devices without hardware.",
        subcommands = {DeviceCommand.Simulate.class})
public final class DeviceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The apps offered on the command line. */
    enum App {
        lighting(DicApp.Kind.LIGHTING),
        lock(DicApp.Kind.LOCK),
        thermostat(DicApp.Kind.THERMOSTAT);

        final DicApp.Kind kind;

        App(DicApp.Kind kind) {
            this.kind = kind;
        }
    }

    @Command(
            name = "simulate",
            mixinStandardHelpOptions = true,
            description = {
                "Run a Matter DIC app like the firmware: client ID = thing name, keep-alive 0, QoS 0, SNI = the"
                        + " endpoint host. It subscribes to `command` and publishes its state:",
                "  lighting    light/state on|off; obeys on, off, toggle",
                "  lock        lock/state locked|unlocked; obeys lock, unlock",
                "  thermostat  thermostat/mode, thermostat/heating, thermostat/cooling; obeys SetMode/<n>,"
                        + " Heating/<n>, Cooling/<n> (0.01 °C)",
                "`ota` and unknown commands are logged and ignored. Reconnects with back-off when the connection"
                        + " drops; Ctrl-C disconnects and stops.",
                "Exit codes: 0 stopped, 1 the first connection was refused or the settings are wrong, 2 usage."
            })
    static final class Simulate implements Callable<Integer> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

        @Mixin
        MqttConnectionOptions connection = new MqttConnectionOptions();

        @Option(
                names = "--app",
                paramLabel = "lighting|lock|thermostat",
                defaultValue = "lighting",
                description = "The DIC example app (default: ${DEFAULT-VALUE}).")
        App app;

        @Option(
                names = "--duration",
                paramLabel = "S",
                description = "Stop after S seconds (default: run until Ctrl-C).")
        Integer duration;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            EventLoopGroup group = null;
            SimulatedDevice device = null;
            Thread hook = null;
            try {
                // The firmware's MQTT settings: keep-alive 0 (DIC_CLIENT_KEEPALIVE), QoS 0.
                MqttConnectionOptions.Resolved resolved = connection.resolve(MqttConnectionOptions.As.device, 0);
                DicApp dicApp = app.kind.create();
                group = MqttClient.newEventLoopGroup(1);
                SimulatedDevice running = new SimulatedDevice(
                        group.next(), resolved.tls(), resolved.options(), dicApp, Backoff.standard(), line -> {
                            out.println(LocalTime.now().format(TIME) + " " + line);
                            out.flush();
                        });
                device = running;
                CountDownLatch stopped = new CountDownLatch(1);
                EventLoopGroup loops = group;
                hook = new Thread(
                        () -> {
                            running.close();
                            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                            stopped.countDown();
                        },
                        "thingcore-device-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                out.println("simulating the DIC " + dicApp.name() + " app as "
                        + resolved.options().clientId() + " on "
                        + resolved.options().address() + " (Ctrl-C stops)");
                out.flush();
                running.start().get();
                if (duration != null) {
                    stopped.await(duration, TimeUnit.SECONDS);
                } else {
                    stopped.await();
                }
                return 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } catch (ExecutionException | RuntimeException e) {
                return MqttCommand.fail(e);
            } finally {
                if (hook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // The JVM is shutting down: the hook is doing the cleanup.
                    }
                }
                if (device != null) {
                    device.close();
                }
                if (group != null) {
                    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                }
            }
        }
    }
}
