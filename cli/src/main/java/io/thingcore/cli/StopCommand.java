package io.thingcore.cli;

import io.thingcore.cli.lifecycle.GatewayInDataDir;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code thingcore stop}: SIGTERM to the process that holds the data directory's lock, then a bounded wait. The
 * gateway drains on SIGTERM (connections closed with lifecycle events, sessions written) and logs its last line.
 */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        description = {
            "Stop the gateway of a data directory (SIGTERM, then wait).",
            "Exit codes: 0 stopped or not running, 1 still running after --timeout."
        })
public final class StopCommand implements Callable<Integer> {
    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The gateway's data directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.thingcore")
    Path dataDir;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "How long to wait for the gateway to end (default: ${DEFAULT-VALUE}).",
            defaultValue = "30")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        GatewayInDataDir gateway = new GatewayInDataDir(dataDir);
        OptionalLong holder = gateway.holderPid();
        Optional<ProcessHandle> process = holder.isPresent() ? ProcessHandle.of(holder.getAsLong()) : Optional.empty();
        if (process.isEmpty()) {
            out.println("thingcore is not running (data dir " + gateway.dataDir() + ")");
            return 0;
        }
        long pid = process.get().pid();
        if (pid == ProcessHandle.current().pid()) {
            System.err.println("thingcore: the gateway of " + gateway.dataDir() + " runs in this process");
            return 1;
        }
        out.println("stopping thingcore (pid " + pid + ")...");
        out.flush();
        process.get().destroy(); // SIGTERM (Process.destroy on POSIX systems)
        try {
            process.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("thingcore: pid " + pid + " is still running after " + timeoutSeconds
                    + " s; `kill -KILL " + pid + "` ends it at once (see " + gateway.logFile() + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        out.println("thingcore stopped (pid " + pid + ")");
        return 0;
    }
}
