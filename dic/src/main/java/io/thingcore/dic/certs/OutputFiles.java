package io.thingcore.dic.certs;

import io.thingcore.dic.DicException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Writes and reads the workflow's files. Secrets are created with mode 0600 from the first byte (never written and
 * then chmod-ed, which leaves a window where others can read the key), and replaced only through an atomic move of
 * such a file, so a reader sees the old or the new key, never half of one.
 */
public final class OutputFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private OutputFiles() {}

    /** Writes a private key or other secret with mode 0600; an existing file is an error unless {@code force}. */
    public static void writeSecret(Path file, String content, boolean force) {
        write(file, content, force, OWNER_ONLY);
    }

    /** Writes a certificate, CSR or other public file (mode 0644); an existing file is an error unless {@code force}. */
    public static void writePublic(Path file, String content, boolean force) {
        write(file, content, force, PUBLIC);
    }

    /** Fails with a clear message when any of the files exists and {@code force} is off; checked before writing. */
    public static void refuseExisting(boolean force, Path... files) {
        if (force) {
            return;
        }
        for (Path file : files) {
            if (Files.exists(file)) {
                throw new DicException(file + " already exists; not overwriting it (pass --force to replace it)");
            }
        }
    }

    private static void write(Path file, String content, boolean force, Set<PosixFilePermission> permissions) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            Path parent =
                    Objects.requireNonNull(file.toAbsolutePath().getParent(), "an absolute file path has a parent");
            Files.createDirectories(parent);
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(permissions);
            if (!force) {
                try {
                    Files.createFile(file, mode);
                } catch (FileAlreadyExistsException e) {
                    throw new DicException(file + " already exists; not overwriting it (pass --force to replace it)");
                }
                // The umask may have removed bits from a public file; a secret is 0600 whatever the umask.
                Files.setPosixFilePermissions(file, permissions);
                Files.write(file, bytes, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                return;
            }
            Path temp = parent.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            Files.createFile(temp, mode);
            Files.setPosixFilePermissions(temp, permissions);
            Files.write(temp, bytes, StandardOpenOption.WRITE);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new DicException("cannot write " + file + ": " + reason(e), e);
        }
    }

    /** The file's text, or a {@link DicException} naming the file and saying why it cannot be read. */
    public static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DicException("cannot read " + what + " " + file + ": " + reason(e), e);
        }
    }

    /** Deletes {@code file} if it exists; a {@link DicException} names it when it cannot be deleted. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new DicException("cannot delete " + file + ": " + reason(e), e);
        }
    }

    /** A short reason for an I/O failure, e.g. "permission denied" or "no such file". */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException) {
            return "not a text (PEM) file";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
