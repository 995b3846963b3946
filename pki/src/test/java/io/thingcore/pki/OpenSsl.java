package io.thingcore.pki;

import static org.junit.jupiter.api.Assertions.fail;

import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the openssl command line for interoperability tests; a missing openssl follows {@link ExternalTools}' rule.
 */
final class OpenSsl {
    private static volatile Boolean available;

    private OpenSsl() {}

    static void assumeAvailable() {
        Boolean present = available;
        if (present == null) {
            present = ExternalTools.versionLine("openssl", "version").isPresent();
            available = present;
        }
        ExternalTools.require(present, "openssl (for the interoperability tests)");
    }

    /** The result of one openssl run: exit code, stdout (raw bytes and text) and stderr. */
    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }
    }

    /** Runs openssl in {@code directory} and fails the test, showing stderr, unless it exits 0. */
    static String run(Path directory, String... args) {
        Result result = tryRun(directory, args);
        if (result.exitCode() != 0) {
            fail("openssl " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.stderr()
                    + result.stdout());
        }
        return result.stdout();
    }

    static Result tryRun(Path directory, String... args) {
        assumeAvailable();
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Path stderr = Files.createTempFile(directory, "openssl", ".err");
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("openssl " + String.join(" ", args) + " did not finish within 60 s");
            }
            String err = Files.readString(stderr);
            Files.delete(stderr);
            return new Result(process.exitValue(), out, err);
        } catch (IOException e) {
            throw new AssertionError("cannot run openssl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
