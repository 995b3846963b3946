package io.thingcore.cli;

import io.thingcore.cli.lifecycle.GatewayInDataDir;
import io.thingcore.dic.DicException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Commands that find the gateway through its {@code connection.json} wait for one that is starting, so that
 * {@code ./thingcore up &} followed at once by another command works (the gateway writes the file once its API and
 * broker listen).
 */
final class GatewayWait {
    /** A data directory nobody holds is watched this long: the launcher may be about to start the gateway. */
    static final Duration GRACE_WITHOUT_PROCESS = Duration.ofSeconds(10);

    private GatewayWait() {}

    /**
     * Returns once the gateway whose data directory holds {@code connectionFile} is ready; at once when
     * {@code seconds} is 0 or the file's directory is not a gateway's data directory (a copied connection file has no
     * lock beside it).
     *
     * @throws DicException when no gateway runs there (its connection file left by an earlier run), or it was not
     *     ready in time
     */
    static void untilReady(Path connectionFile, int seconds) {
        Path dataDir = connectionFile.toAbsolutePath().normalize().getParent();
        if (seconds <= 0 || dataDir == null) {
            return;
        }
        boolean lockBeside = Files.exists(dataDir.resolve(GatewayInDataDir.LOCK_FILE));
        if (!lockBeside && Files.exists(connectionFile)) {
            return;
        }
        GatewayInDataDir gateway = new GatewayInDataDir(dataDir);
        GatewayInDataDir.State state;
        try {
            state = gateway.awaitReady(Duration.ofSeconds(seconds), GRACE_WITHOUT_PROCESS, System.err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DicException("interrupted while waiting for the gateway");
        }
        switch (state) {
            case GatewayInDataDir.Ready ready -> {}
            case GatewayInDataDir.NotRunning notRunning -> {
                // Without a connection file the caller says how to get one.
                if (Files.exists(connectionFile)) {
                    throw new DicException("no gateway is running on " + dataDir + ": start one with `thingcore up`,"
                            + " or pass --connection FILE, --endpoint-url URL or --aws");
                }
            }
            case GatewayInDataDir.Starting starting ->
                throw new DicException("the gateway in " + dataDir + " (pid " + starting.pid() + ") was not ready"
                        + " within " + seconds + " s (see its log); raise --wait-for-gateway to wait longer");
        }
    }
}
