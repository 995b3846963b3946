package io.thingcore.cli;

import io.thingcore.cli.lifecycle.ConnectedClients;
import io.thingcore.cli.lifecycle.GatewayInDataDir;
import io.thingcore.server.ConnectionInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code thingcore status}: whether the gateway of a data directory runs, and how to reach it. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Say whether the gateway of a data directory is running: pid, uptime, endpoints, clients connected.",
            "Exit codes: 0 running, 3 not running or still starting."
        })
public final class StatusCommand implements Callable<Integer> {
    /** Exit code when no gateway is ready, as LSB init scripts' status action ("program is not running"). */
    static final int EXIT_NOT_RUNNING = 3;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The gateway's data directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.thingcore")
    Path dataDir;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        GatewayInDataDir gateway = new GatewayInDataDir(dataDir);
        GatewayInDataDir.State state = gateway.state();
        switch (state) {
            case GatewayInDataDir.NotRunning notRunning -> {
                out.println("thingcore is not running (data dir " + gateway.dataDir() + ")");
                return EXIT_NOT_RUNNING;
            }
            case GatewayInDataDir.Starting starting -> {
                out.println("thingcore is starting (pid " + starting.pid() + ", data dir " + gateway.dataDir() + ")");
                return EXIT_NOT_RUNNING;
            }
            case GatewayInDataDir.Ready ready -> {
                ConnectionInfo c = ready.connection();
                String uptime = ready.startedAt()
                        .map(started -> ", up "
                                + human(Duration.between(
                                        started, Clock.systemUTC().instant())))
                        .orElse("");
                OptionalInt clients = ConnectedClients.count(c);
                out.println("thingcore is running (pid " + ready.pid() + uptime + ")");
                out.println("  API endpoint:      " + c.apiEndpoint());
                out.println("  MQTT endpoint:     " + c.mqttHost() + ":" + c.mqttPort());
                out.println("  Clients connected: "
                        + (clients.isPresent() ? String.valueOf(clients.getAsInt()) : "unknown (console unreachable)"));
                out.println("  Data dir:          " + gateway.dataDir());
                out.flush();
                return 0;
            }
        }
    }

    /** {@code 2h 5m 3s}, {@code 4m 0s}, {@code 12s}. */
    static String human(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h " + minutes + "m " + rest + "s";
        }
        return minutes > 0 ? minutes + "m " + rest + "s" : rest + "s";
    }
}
