package io.thingcore.cli.lifecycle;

import io.thingcore.server.GatewayConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a gateway needs before it starts, checked before anything is printed or written, so that a start that cannot
 * succeed ends with one line naming the port or the file and the option that fixes it. The gateway makes the same
 * checks as it binds (another process may take a port in between); these give the early, precise message.
 */
public final class StartupChecks {
    private StartupChecks() {}

    /** The first problem found, as the line to print after {@code thingcore: }; empty when the gateway can start. */
    public static Optional<String> problem(Path dataDir, String apiBind, int apiPort, String mqttBind, int mqttPort) {
        Optional<String> dir = dataDirProblem(dataDir);
        if (dir.isPresent()) {
            return dir;
        }
        if (mqttPort != 0 && !free(mqttBind, mqttPort)) {
            return Optional.of(mqttPortInUse(mqttBind, mqttPort));
        }
        if (apiPort != 0 && !free(apiBind, apiPort)) {
            return Optional.of(apiPortInUse(apiBind, apiPort));
        }
        return Optional.empty();
    }

    public static String mqttPortInUse(String bind, int port) {
        return "MQTT port " + port + " is already in use on " + bind + ": pass --mqtt-port PORT (0 picks a free one)";
    }

    public static String apiPortInUse(String bind, int port) {
        return "API port " + port + " is already in use on " + bind
                + (port == GatewayConfig.DEFAULT_API_PORT ? " (LocalStack listens on 4566 by default)" : "")
                + ": pass --api-port PORT (0 picks a free one)";
    }

    /**
     * Creates the data directory (owner only) if needed and writes a probe file into it, as the gateway is about to;
     * then looks for a gateway that holds it.
     */
    /** The JDK's text for EROFS ({@code strerror}), what {@link FileSystemException#getReason()} carries. */
    private static final String READ_ONLY_FILE_SYSTEM = "Read-only file system";

    static Optional<String> dataDirProblem(Path requested) {
        Path dataDir = requested.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(
                        dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.delete(Files.createTempFile(dataDir, ".write-probe", ".tmp"));
        } catch (FileAlreadyExistsException e) {
            return Optional.of("data directory " + dataDir + " is not usable: " + e.getFile()
                    + " is a file, not a directory: pass --data-dir DIR");
        } catch (AccessDeniedException e) {
            return Optional.of("data directory " + dataDir + " is not usable: permission denied on " + e.getFile()
                    + ": pass --data-dir DIR");
        } catch (FileSystemException e) {
            if (READ_ONLY_FILE_SYSTEM.equals(e.getReason())) {
                // EROFS: mounted read-only, or turned read-only by the kernel after an I/O error (ext4
                // errors=remount-ro), which only a file system check and a remount undo
                return Optional.of("data directory " + dataDir + " is on a read-only file system: remount it"
                        + " read-write (after a file system check if the kernel made it read-only after an error),"
                        + " or pass --data-dir DIR");
            }
            String reason = e.getReason();
            return Optional.of("data directory " + dataDir + " is not usable ("
                    + (reason == null ? e.getClass().getSimpleName() : reason) + " on " + e.getFile()
                    + "): pass --data-dir DIR");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("data directory " + dataDir + " is not usable ("
                    + e.getClass().getSimpleName() + "): pass --data-dir DIR");
        }
        OptionalLong holder = new GatewayInDataDir(dataDir).holderPid();
        if (holder.isPresent()) {
            return Optional.of("the data directory " + dataDir + " is in use by pid " + holder.getAsLong()
                    + " (another thingcore gateway): stop it with `thingcore stop --data-dir " + dataDir
                    + "`, or pass --data-dir DIR");
        }
        return Optional.empty();
    }

    /** Whether a listening socket could bind {@code bind:port} now (the gateway's own bind uses the same address). */
    static boolean free(String bind, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
            return true;
        } catch (UnknownHostException e) {
            return true; // the gateway reports an unresolvable bind address itself
        } catch (IOException e) {
            return false;
        }
    }
}
