package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's JDK AOT cache as the build's {@code aot} profile makes it ({@code thingcore bench aot-training
 * --cache-output FILE}: a gateway in its own JVM recording the cache while devices exercise it), used by a JVM started
 * with the options the {@code ./thingcore} launcher gives (compact object headers, native access for the class path,
 * the cache). A JVM refuses a cache recorded under other options, silently under the launcher's {@code
 * -XX:AOTMode=auto}; {@code -XX:AOTMode=on} here fails instead, and {@code -Xlog:aot} says whether the classes came
 * from the cache (ADR 15).
 */
class AotCacheTrainingIT {

    @TempDir
    Path temp;

    @Test
    void aCacheFromTheTrainingRunIsUsedUnderTheLaunchersOptions() throws Exception {
        ExternalTools.require(
                Runtime.version().feature() >= 25, "a JDK 25 or newer running the tests (the AOT cache, JEP 514)");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path cache = temp.resolve("thingcore.aot");

        Run training = run(List.of(
                java, "-jar", CliJar.PATH.toString(), "bench", "aot-training", "--cache-output", cache.toString()));
        assertThat(training.exit()).as(training.output()).isZero();
        assertThat(training.output()).contains("aot training: " + cache);
        assertThat(cache).isRegularFile();

        Run start = run(List.of(
                java,
                "-XX:+UseCompactObjectHeaders",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:AOTMode=on",
                "-XX:AOTCache=" + cache,
                "-Xlog:aot",
                "-jar",
                CliJar.PATH.toString(),
                "--version"));
        assertThat(start.exit()).as(start.output()).isZero();
        assertThat(start.output()).contains("Using AOT-linked classes: true").contains("thingcore ");
    }

    private record Run(int exit, String output) {}

    /** Runs {@code command} to its end (at most 5 minutes: the training run and the cache's assembly). */
    private Run run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "run", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("did not end within 5 minutes: " + command + "\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }
}
