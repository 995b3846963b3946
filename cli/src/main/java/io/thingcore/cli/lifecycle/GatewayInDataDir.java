package io.thingcore.cli.lifecycle;

import io.thingcore.server.ConnectionInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The gateway that uses a data directory, seen from another process. The gateway locks {@code gateway.lock} for as
 * long as it runs (the kernel drops the lock when the process ends, however it ends) and writes
 * {@code connection.json} once its API and broker listen; this class reads both without taking the lock, which would
 * make a gateway starting at that moment fail.
 */
public final class GatewayInDataDir {
    /** The data directory's lock file, as the server names it. */
    public static final String LOCK_FILE = "gateway.lock";

    /** The file a detached gateway writes its log to. */
    public static final String LOG_FILE = "thingcore.log";

    private static final Path PROC_LOCKS = Path.of("/proc/locks");
    // proc(5), /proc/locks: "... WRITE <pid> <major>:<minor>:<inode> <start> <end>"
    private static final Pattern LOCK_LINE = Pattern.compile("\\s(\\d+)\\s+[0-9a-fA-F]+:[0-9a-fA-F]+:(\\d+)\\s");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);

    private final Path dataDir;

    public GatewayInDataDir(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /** {@code ~/.thingcore}, where {@code thingcore up} keeps its state unless given {@code --data-dir}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".thingcore");
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path connectionFile() {
        return dataDir.resolve(ConnectionInfo.FILE_NAME);
    }

    public Path logFile() {
        return dataDir.resolve(LOG_FILE);
    }

    /** What a look at the data directory shows. */
    public sealed interface State permits NotRunning, Starting, Ready {}

    /** No live process holds the data directory's lock. */
    public record NotRunning() implements State {}

    /** A process holds the lock but its connection file is not yet this run's, or its ports do not answer yet. */
    public record Starting(long pid) implements State {}

    /** The gateway holds the lock, wrote this run's connection file, and its API and broker answer. */
    public record Ready(long pid, ConnectionInfo connection, Optional<Instant> startedAt) implements State {}

    public State state() {
        OptionalLong holder = holderPid();
        if (holder.isEmpty()) {
            return new NotRunning();
        }
        long pid = holder.getAsLong();
        Optional<Instant> startedAt =
                ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
        ConnectionInfo connection = thisRunsConnection(startedAt);
        if (connection == null || !answers(connection)) {
            return new Starting(pid);
        }
        return new Ready(pid, connection, startedAt);
    }

    /**
     * The pid of the live process that holds {@code gateway.lock}. On Linux from {@code /proc/locks} (the lock on the
     * file's inode, whichever process holds it); elsewhere the pid the holder wrote into the file, if that process
     * lives.
     */
    public OptionalLong holderPid() {
        Path lock = dataDir.resolve(LOCK_FILE);
        long inode;
        try {
            Object attribute = Files.getAttribute(lock, "unix:ino");
            inode = attribute instanceof Long l ? l : -1;
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            inode = -1;
        }
        if (inode >= 0 && Files.isReadable(PROC_LOCKS)) {
            try {
                return holderFromProcLocks(Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII), inode);
            } catch (IOException e) {
                // fall back to the pid in the file
            }
        }
        return pidWrittenIn(lock);
    }

    static OptionalLong holderFromProcLocks(List<String> lines, long inode) {
        for (String line : lines) {
            if (line.contains("->")) {
                continue; // a process waiting for the lock, not holding it
            }
            Matcher m = LOCK_LINE.matcher(line);
            if (m.find() && Long.parseLong(m.group(2)) == inode) {
                long pid = Long.parseLong(m.group(1));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    return OptionalLong.of(pid);
                }
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong pidWrittenIn(Path lock) {
        try {
            long pid = Long.parseLong(
                    Files.readString(lock, StandardCharsets.US_ASCII).strip());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)
                    ? OptionalLong.of(pid)
                    : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The connection file, if written since the process started (a file left by an earlier run does not count). */
    private @Nullable ConnectionInfo thisRunsConnection(Optional<Instant> startedAt) {
        Path file = connectionFile();
        try {
            Instant written = Files.getLastModifiedTime(file).toInstant();
            // startInstant has a coarser clock than file times: a second of slack.
            if (startedAt.isPresent() && written.isBefore(startedAt.get().minusSeconds(1))) {
                return null;
            }
            return ConnectionInfo.read(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** The API's port and the broker's port accept a TCP connection. */
    static boolean answers(ConnectionInfo connection) {
        URI api = URI.create(connection.apiEndpoint());
        return accepts(api.getHost().replaceAll("^\\[|\\]$", ""), api.getPort())
                && (accepts(connection.mqttHost(), connection.mqttPort())
                        || accepts("127.0.0.1", connection.mqttPort()));
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) PROBE_TIMEOUT.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Waits until the gateway is ready, for at most {@code bound}; prints one progress line to {@code progress} if it
     * has to wait. A data directory no process holds is given {@code graceWithoutProcess} (the launcher may be about
     * to start the gateway it just built) before the wait ends.
     */
    public State awaitReady(Duration bound, Duration graceWithoutProcess, PrintStream progress)
            throws InterruptedException {
        long start = System.nanoTime();
        boolean announced = false;
        while (true) {
            State state = state();
            long waited = System.nanoTime() - start;
            if (state instanceof Ready
                    || waited >= bound.toNanos()
                    || (state instanceof NotRunning && waited >= graceWithoutProcess.toNanos())) {
                return state;
            }
            if (!announced) {
                progress.println("thingcore: waiting up to " + bound.toSeconds() + " s for the gateway in " + dataDir
                        + " to be ready" + (state instanceof Starting s ? " (pid " + s.pid() + ")" : "") + "...");
                progress.flush();
                announced = true;
            }
            Thread.sleep(250);
        }
    }
}
