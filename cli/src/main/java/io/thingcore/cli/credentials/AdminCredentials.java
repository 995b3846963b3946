package io.thingcore.cli.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's API access key as the operator chose it, or none (then the data directory's generated key applies).
 * Sources, first match wins: {@code --credentials-file FILE}; the environment ({@value #ENV_KEY_ID} and
 * {@value #ENV_SECRET}); {@code --access-key-id} with {@code --secret-access-key} (deprecated). Threats: a secret on
 * the command line is readable by every local user ({@code ps}, {@code /proc/PID/cmdline}); a credentials file others
 * can read or write leaks or replaces the key.
 *
 * <p>Not {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}: a shell that holds real AWS credentials would make
 * them the gateway's key without anyone asking for it.
 *
 * @param accessKeyId null when no source gave one
 * @param secretAccessKey null exactly when {@code accessKeyId} is
 */
public record AdminCredentials(
        @Nullable String accessKeyId, @Nullable String secretAccessKey) {
    public static final String ENV_KEY_ID = "THINGCORE_ACCESS_KEY_ID";
    public static final String ENV_SECRET = "THINGCORE_SECRET_ACCESS_KEY";
    /** The AWS shared-credentials profile read from the file, as the AWS CLI reads {@code ~/.aws/credentials}. */
    static final String PROFILE = "default";

    private static final Set<PosixFilePermission> OTHERS_ACCESS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    /** The data directory's generated key. */
    public static final AdminCredentials FROM_DATA_DIR = new AdminCredentials(null, null);

    /**
     * Resolves the sources in order.
     *
     * @param file {@code --credentials-file}, or null
     * @param keyIdOption {@code --access-key-id}, or null
     * @param secretOption {@code --secret-access-key}, or null
     * @param environment the process environment ({@code System::getenv})
     * @param warn receives one line per warning (for stderr)
     * @throws IllegalArgumentException with one line for the operator: sources that contradict each other, an
     *     unreadable, malformed or group/world-accessible file, half a key
     */
    public static AdminCredentials resolve(
            @Nullable Path file,
            @Nullable String keyIdOption,
            @Nullable String secretOption,
            Function<String, @Nullable String> environment,
            Consumer<String> warn) {
        if (secretOption != null) {
            warn.accept("warning: --secret-access-key is deprecated: every local user can read it in ps and"
                    + " /proc; use --credentials-file FILE or " + ENV_SECRET);
        }
        if (file != null) {
            if (keyIdOption != null || secretOption != null) {
                throw new IllegalArgumentException(
                        "--credentials-file and --access-key-id/--secret-access-key exclude each other");
            }
            return read(file);
        }
        if (keyIdOption != null || secretOption != null) {
            return pair(keyIdOption, secretOption, "--access-key-id and --secret-access-key go together");
        }
        String envKeyId = blankToNull(environment.apply(ENV_KEY_ID));
        String envSecret = blankToNull(environment.apply(ENV_SECRET));
        if (envKeyId != null || envSecret != null) {
            return pair(envKeyId, envSecret, ENV_KEY_ID + " and " + ENV_SECRET + " go together");
        }
        return FROM_DATA_DIR;
    }

    /**
     * Reads {@code file} in the AWS shared-credentials format: {@code aws_access_key_id} and
     * {@code aws_secret_access_key} in the {@code [default]} profile; {@code #} and {@code ;} start comment lines.
     */
    static AdminCredentials read(Path file) {
        refuseIfOthersCanAccess(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
        String profile = null;
        String keyId = null;
        String secret = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                profile = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int equals = line.indexOf('=');
            if (!PROFILE.equals(profile) || equals < 0) {
                continue;
            }
            String key = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(equals + 1).strip();
            if (key.equals("aws_access_key_id")) {
                keyId = blankToNull(value);
            } else if (key.equals("aws_secret_access_key")) {
                secret = blankToNull(value);
            }
        }
        if (keyId == null || secret == null) {
            throw new IllegalArgumentException("credentials file " + file + " has no [" + PROFILE
                    + "] profile with aws_access_key_id and aws_secret_access_key");
        }
        return new AdminCredentials(keyId, secret);
    }

    private static void refuseIfOthersCanAccess(Path file) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return; // no POSIX modes here (Windows): its ACLs are the operator's to set
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = posix.readAttributes().permissions();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read credentials file " + file + ": " + e.getMessage(), e);
        }
        if (!Collections.disjoint(permissions, OTHERS_ACCESS)) {
            throw new IllegalArgumentException("credentials file " + file + " is accessible to group or others ("
                    + PosixFilePermissions.toString(permissions) + "): chmod 600 " + file);
        }
    }

    /** Never the secret: a record's own {@code toString} would print it wherever this object is logged. */
    @Override
    public String toString() {
        return "AdminCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey="
                + (secretAccessKey == null ? "none" : "(hidden)") + "]";
    }

    private static AdminCredentials pair(@Nullable String keyId, @Nullable String secret, String message) {
        if (keyId == null || secret == null) {
            throw new IllegalArgumentException(message);
        }
        return new AdminCredentials(keyId, secret);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
