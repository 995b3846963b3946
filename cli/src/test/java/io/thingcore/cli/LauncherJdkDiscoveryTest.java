package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How {@code ./thingcore} and {@code ./mvnw} tell a JDK's feature version ({@code .mvn/find-jdk.sh}): from the JDK's
 * {@code release} file where it names one, else by asking the binary.
 */
class LauncherJdkDiscoveryTest {

    static final Path SCRIPT =
            Path.of("..", ".mvn", "find-jdk.sh").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void theRunningJdkIsReadFromItsReleaseFile() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        assertThat(Path.of(System.getProperty("java.home"), "release")).exists();

        assertThat(javaMajor(java)).isEqualTo(String.valueOf(Runtime.version().feature()));
    }

    /** A release file and what the JDK's {@code bin/java} prints to {@code -XshowSettings:properties -version}. */
    static Stream<Arguments> jdks() {
        String silent = "exit 1";
        return Stream.of(
                Arguments.of("a Java 8 version string", "JAVA_VERSION=\"1.8.0_402\"\n", silent, "8"),
                Arguments.of("a GA version", "IMPLEMENTOR=\"Example\"\nJAVA_VERSION=\"26\"\n", silent, "26"),
                Arguments.of(
                        "no version in the release file: the binary is asked",
                        "IMPLEMENTOR=\"Example\"\n",
                        "echo '    java.specification.version = 23' >&2",
                        "23"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void theFeatureVersionComesFromTheReleaseFileElseFromTheBinary(
            String description, String release, String javaScript, String expected) throws Exception {
        assertThat(javaMajor(fakeJdk(release, javaScript))).isEqualTo(expected);
    }

    @Test
    void aBinaryThatCannotTellGivesZero() throws Exception {
        assertThat(javaMajor(temp.resolve("no-such-jdk").resolve("bin").resolve("java")))
                .isEqualTo("0");
    }

    /** A JDK directory with the given release file and a {@code bin/java} that runs {@code javaScript}. */
    private Path fakeJdk(String release, String javaScript) throws IOException {
        Path home = temp.resolve("jdk");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), release);
        Path java = home.resolve("bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\n" + javaScript + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    private static String javaMajor(Path java) throws Exception {
        // The script ends by finding a JDK for the build, which the test's JVM provides through JAVA_HOME.
        ProcessBuilder builder = new ProcessBuilder(
                "sh", "-c", ". \"$0\" && thingcore_java_major \"$1\"", SCRIPT.toString(), java.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.redirectErrorStream(true);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
