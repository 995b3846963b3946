package io.thingcore.cli;

import io.netty.channel.EventLoopGroup;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsProfile;
import io.thingcore.dic.DicException;
import io.thingcore.dic.firmware.DeviceConfig;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareFiles;
import io.thingcore.dic.simulator.Backoff;
import io.thingcore.dic.simulator.DicApp;
import io.thingcore.dic.simulator.FirmwareProfile;
import io.thingcore.dic.simulator.SimulatedDevice;
import io.thingcore.dic.simulator.ota.OtaAgent;
import io.thingcore.dic.simulator.ota.StreamFormat;
import io.thingcore.pki.Pem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
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

    /** Exit codes of {@code device simulate}. */
    static final int STOPPED = 0;

    static final int CONNECTION_LOST = 3;
    static final int CRASHED = 4;

    @Command(
            name = "simulate",
            mixinStandardHelpOptions = true,
            description = {
                "Run a Silicon Labs Matter DIC board without hardware, from the firmware files `thingcore dic"
                        + " provision --out DIR` wrote (--dic-out DIR reads DIR/firmware): the same TLS (1.2, the"
                        + " firmware's suites; no SNI for dic-v1 and dic, SNI for matter-aws), the same MQTT (3.1.1,"
                        + " keep-alive 0, QoS 0), the same topics, payloads and command parsing. It publishes only"
                        + " when an attribute changes, never on connect.",
                "  lighting, onoff-plug  light/state on|off; commands on, off, toggle",
                "  lock                  lock/state lock|unlock; commands lock, unlock",
                "  thermostat            LocalTemperature/Temp, OccupiedCoolingSetpoint/coolingTemp,"
                        + " OccupiedHeatingSetpoint/heatingTemp, thermostat/systemMode + thermostat/currentTemp (whole"
                        + " °C); commands SetMode/<n>, Heating/<n>, Cooling/<n> (0.01 °C)",
                "  window-covering       lift/position set, tilt/position set while moving; commands Lift/<n>,"
                        + " Tilt/<n> (0.01 %)",
                "Lines typed on stdin are local changes (the board's button, a Matter controller), with the same"
                        + " words: `on`, `unlock`, `Heating/2150`, `Lift/5000`. dic-v1 subscribes to nothing: stdin is"
                        + " its only input.",
                "Like the firmware it does not reconnect: when the connection ends, the device stops.",
                "Exit codes: 0 stopped (Ctrl-C, --duration), 1 could not connect or bad settings, 2 usage,"
                        + " 3 the connection ended (the firmware does not reconnect), 4 the firmware would have"
                        + " crashed (a command value std::stoi cannot read)."
            })
    static final class Simulate implements Callable<Integer> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);

        @Mixin
        MqttConnectionOptions connection = new MqttConnectionOptions();

        @Option(
                names = "--firmware",
                paramLabel = "dic-v1|dic|matter-aws",
                description = "The firmware generation (default: detected from --dic-out DIR/firmware, else dic).")
        @Nullable
        String firmware;

        @Option(
                names = "--app",
                paramLabel = "APP",
                defaultValue = "lighting",
                description = "lighting, onoff-plug, lock, thermostat or window-covering (default: ${DEFAULT-VALUE}).")
        String app;

        @Option(
                names = "--ota",
                description = "Built with the AWS OTA feature: the command `ota` starts the AWS IoT OTA agent (job"
                        + " request on $aws/things/<thing>/jobs/...). Without it, `ota` is \"not found\".")
        boolean ota;

        @Option(
                names = "--ota-dir",
                paramLabel = "DIR",
                description = "Where the OTA agent writes a downloaded file (default: kept in memory).")
        @Nullable
        Path otaDir;

        @Option(
                names = "--ota-signer-cert",
                paramLabel = "FILE",
                description = "The code-signing certificate (PEM) the device was built with: the OTA agent verifies"
                        + " the file's sig-sha256-ecdsa with it and reports FAILED when it does not match. Without it,"
                        + " nothing is verified, like the DIC firmware's pal.c.")
        @Nullable
        Path otaSignerCert;

        @Option(
                names = "--ota-stream-format",
                paramLabel = "FORMAT",
                defaultValue = "cbor",
                description = "The MQTT stream's payload format: cbor (the OTA library's, default) or json (the AWS"
                        + " developer guide's JSON GetStream form).")
        String otaStreamFormat;

        @Option(
                names = "--reconnect",
                description =
                        "Reconnect with back-off (1-60 s) when the connection ends. Not the firmware's" + " behaviour.")
        boolean reconnect;

        @Option(
                names = "--duration",
                paramLabel = "S",
                description = "Stop after S seconds (default: run until Ctrl-C or the connection ends).")
        @Nullable
        Integer duration;

        private OtaAgent.Settings otaSettings() {
            X509Certificate signer = null;
            if (otaSignerCert != null) {
                try {
                    signer = Pem.readCertificate(Files.readString(otaSignerCert, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read --ota-signer-cert " + otaSignerCert, e);
                }
            }
            return new OtaAgent.Settings(otaDir, StreamFormat.of(otaStreamFormat), signer);
        }

        /** A device's connection: TLS with the firmware's profile and the MQTT options. */
        private record Target(ClientTls tls, MqttClientOptions options, Firmware firmware) {}

        @Override
        public Integer call() {
            PrintStream out = System.out;
            EventLoopGroup group = null;
            SimulatedDevice device = null;
            Thread hook = null;
            try {
                DicApp.Kind kind = DicApp.Kind.fromLabel(app);
                Target target = target();
                FirmwareProfile profile = FirmwareProfile.of(
                                target.firmware(), target.options().clientId())
                        .withOtaSettings(ota, otaSettings())
                        .withReconnect(reconnect ? Backoff.standard() : null);
                group = MqttClient.newEventLoopGroup(1);
                SimulatedDevice running =
                        new SimulatedDevice(group.next(), target.tls(), target.options(), kind, profile, line -> {
                            out.println(LocalTime.now().format(TIME) + " " + line);
                            out.flush();
                        });
                device = running;
                CompletableFuture<Integer> exit = new CompletableFuture<>();
                EventLoopGroup loops = group;
                hook = new Thread(
                        () -> {
                            exit.complete(STOPPED);
                            running.close();
                            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
                        },
                        "thingcore-device-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                out.println("simulating the " + target.firmware().label() + " " + kind.label() + " app as "
                        + target.options().clientId() + " on "
                        + target.options().address() + " (Ctrl-C stops)");
                out.flush();
                running.start().get();
                readLocalChanges(running);
                running.stopped()
                        .thenAccept(stop -> exit.complete(
                                switch (stop) {
                                    case CLOSED -> STOPPED;
                                    case CONNECTION_LOST -> CONNECTION_LOST;
                                    case CRASHED -> CRASHED;
                                }));
                if (duration != null) {
                    try {
                        return exit.get(duration, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        return STOPPED;
                    }
                }
                return exit.get();
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

        /**
         * From {@code --dic-out DIR/firmware} when it exists (the files a board is built with), else from the explicit
         * options, with the generation's TLS profile.
         */
        private Target target() {
            Firmware wanted = firmware == null ? null : Firmware.fromLabel(firmware);
            Path firmwareDir = connection.dicOut == null ? null : connection.dicOut.resolve(FirmwareFiles.DIRECTORY);
            if (firmwareDir != null && Files.isDirectory(firmwareDir)) {
                Firmware found = FirmwareFiles.detect(firmwareDir);
                if (wanted != null && wanted != found) {
                    throw new DicException("--firmware " + wanted.label() + " does not match " + firmwareDir
                            + ", which holds " + found.label() + " files");
                }
                DeviceConfig config = FirmwareFiles.read(firmwareDir, found);
                TlsProfile profile = FirmwareProfile.tlsOf(found);
                ClientTls tls = ClientTls.fromPem(
                        config.deviceCertificatePem(),
                        config.deviceKeyPem(),
                        config.caCertificatePem(),
                        connection.tlsEngine,
                        profile);
                String host = connection.host != null ? connection.host : config.host();
                MqttClientOptions options = MqttClientOptions.of(
                                host,
                                connection.port != null ? connection.port : config.port(),
                                connection.clientId != null ? connection.clientId : config.clientId())
                        .withServerName(connection.sni != null ? connection.sni : host)
                        .withKeepAlive(0)
                        .withConnectTimeout(Duration.ofSeconds(10));
                return new Target(tls, options, found);
            }
            Firmware chosen = wanted != null ? wanted : Firmware.DIC;
            MqttConnectionOptions.Resolved resolved =
                    connection.resolve(MqttConnectionOptions.As.device, 0, FirmwareProfile.tlsOf(chosen));
            return new Target(resolved.tls(), resolved.options(), chosen);
        }

        /** Each stdin line is a local change; the reader is a daemon thread that ends with stdin. */
        private static void readLocalChanges(SimulatedDevice device) {
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader in =
                                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = in.readLine()) != null) {
                                device.local(line);
                            }
                        } catch (java.io.IOException e) {
                            // stdin closed: no more local changes
                        }
                    },
                    "thingcore-device-stdin");
            reader.setDaemon(true);
            reader.start();
        }
    }
}
