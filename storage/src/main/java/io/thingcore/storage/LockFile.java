package io.thingcore.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a file that says which process holds it: the gateway's data directory ({@code gateway.lock})
 * and a SQLite registry file ({@code registry.db.lock}) are each used by one gateway at a time.
 *
 * <p>The lock is {@link FileChannel#tryLock()}: an operating-system lock held on behalf of this JVM, so the kernel
 * releases it when the process ends, however it ends (the FileLock documentation: "File locks are held on behalf of
 * the entire Java virtual machine"); a pid left in the file by a killed process is simply overwritten. The file holds
 * the holder's pid, read by the process that is refused so that its message can name it.
 *
 * <p>Within one JVM the locks are also kept in a set, keyed by the file's real path and checked before the file is
 * opened: the FileLock documentation ("Platform dependencies") warns that on some systems closing a channel releases
 * every lock the JVM holds on the file, whichever channel took it (on Linux the lock is a POSIX record lock, dropped
 * when the process closes any descriptor of the file: fcntl(2), "Advisory record locking"), so a second, refused
 * opener in the same JVM must never open and close the file. The same set makes a second gateway in one JVM (tests,
 * embedders) refused like a second process.
 */
public final class LockFile implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private LockFile(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The outcome of {@link #tryAcquire}: the lock, or the pid of its holder when known. */
    public sealed interface Attempt permits Acquired, Held {}

    public record Acquired(LockFile lock) implements Attempt {}

    /** Another process (or this JVM: {@code pid} is then this process's) holds the lock. */
    public record Held(OptionalLong pid) implements Attempt {
        /** "pid N", or "another process" when the holder has not written its pid yet. */
        public String holder() {
            return pid.isPresent() ? "pid " + pid.getAsLong() : "another process";
        }
    }

    /**
     * Takes the lock on {@code file} (created when missing) if no other process or other part of this JVM holds it,
     * and writes this process's pid into it.
     *
     * @throws UncheckedIOException when the file cannot be created, read or locked for another reason
     */
    public static Attempt tryAcquire(Path file) {
        Path key;
        try {
            // Created first (without opening an existing file) so that its real path, symbolic links resolved, can key
            // the set.
            Files.createFile(file);
        } catch (FileAlreadyExistsException exists) {
            // The usual case.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file + ": " + e.getMessage(), e);
        }
        try {
            key = file.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + file + ": " + e.getMessage(), e);
        }
        if (!HELD_IN_THIS_JVM.add(key)) {
            return new Held(OptionalLong.of(ProcessHandle.current().pid()));
        }
        FileChannel channel = null;
        try {
            channel =
                    FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held through a channel this class did not open; treat as held
            }
            if (lock == null) {
                OptionalLong pid = readPid(channel);
                channel.close();
                HELD_IN_THIS_JVM.remove(key);
                return new Held(pid);
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new Acquired(new LockFile(key, channel, lock));
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            HELD_IN_THIS_JVM.remove(key);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + key + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static OptionalLong readPid(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(32);
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        try {
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public Path file() {
        return file;
    }

    /**
     * Releases the lock; idempotent. The file stays (deleting it would let a process that opened it just before lock
     * a file that no longer has a name while a third process creates and locks a new one).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock " + file + ": " + e.getMessage(), e);
        } finally {
            HELD_IN_THIS_JVM.remove(file);
        }
    }

    @Override
    public String toString() {
        return "lock " + file;
    }
}
