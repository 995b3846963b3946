package io.thingcore.testkit.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The project's one rule for tests that need something outside the JVM (openssl, the AWS CLI, Python, mosquitto's
 * clients, a PostgreSQL server): a missing tool fails the test when the environment variable {@code CI} is set, so
 * that CI can never pass by skipping, and skips it with a message elsewhere.
 */
public final class ExternalTools {
    private ExternalTools() {}

    public static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    /** Fails (CI) or skips (elsewhere) the calling test when {@code available} is false. */
    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        String message = what + " is not available on this machine";
        if (inCi()) {
            throw new AssertionError(message + " (CI must install it: see .ci/run)");
        }
        Assumptions.abort(message + "; skipping");
    }

    /** The environment variable holding a {@code jdbc:postgresql://} URL of a database tests may create schemas in. */
    public static final String POSTGRES_URL_ENV = "THINGCORE_TEST_POSTGRES_URL";

    /**
     * The PostgreSQL URL from {@link #POSTGRES_URL_ENV}; fails (CI) or skips (elsewhere) the calling test when it is
     * not set, and fails when it is not a PostgreSQL JDBC URL.
     */
    public static String postgresUrl(String forWhat) {
        String url = System.getenv(POSTGRES_URL_ENV);
        require(
                url != null && !url.isBlank(),
                POSTGRES_URL_ENV + " (a jdbc:postgresql:// URL of a test database for " + forWhat
                        + "; .ci/run sets it)");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new AssertionError(POSTGRES_URL_ENV + " must be a jdbc:postgresql:// URL");
        }
        return url;
    }

    /** The first line a command prints for {@code args} (stdout and stderr), if it runs and exits 0. */
    public static Optional<String> versionLine(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return output.lines().findFirst();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The absolute path of {@code name} on PATH, if any. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
