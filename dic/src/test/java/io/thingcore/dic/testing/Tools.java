package io.thingcore.dic.testing;

import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs openssl and gcc for the tests (failing in CI, skipping elsewhere, when they are missing). */
public final class Tools {
    private Tools() {}

    /** The result of a command: exit code and the combined stdout and stderr. */
    public record Run(int exitCode, String output) {}

    public static void requireOpenssl() {
        ExternalTools.require(ExternalTools.onPath("openssl").isPresent(), "openssl");
    }

    public static void requireGcc() {
        ExternalTools.require(ExternalTools.onPath("gcc").isPresent(), "gcc");
    }

    /** Runs {@code command} in {@code dir}; fails the test if it does not end within a minute. */
    public static Run run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs {@code command} and fails the test unless it exits 0; returns its output. */
    public static String ok(Path dir, String... command) {
        Run result = run(dir, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /**
     * The guide's exact openssl commands for a CA, in {@code dir}: {@code CA.key} (prime256v1) and a self-signed
     * {@code CA.crt} valid 1826 days.
     */
    public static void opensslCa(Path dir, String subject) {
        requireOpenssl();
        ok(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "CA.key");
        ok(
                dir, "openssl", "req", "-new", "-x509", "-days", "1826", "-key", "CA.key", "-out", "CA.crt", "-subj",
                subject);
    }
}
