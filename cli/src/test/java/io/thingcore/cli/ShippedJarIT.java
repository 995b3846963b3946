package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shipped product is target/thingcore.jar with the jars its manifest's Class-Path names under target/lib/. JMH is a
 * benchmark harness (GPL with the classpath exception, and an annotation processor's generated code): it belongs to
 * bench-jmh only and must not reach a gateway's class path, directly or through thingcore-bench.
 */
class ShippedJarIT {
    private static final Path TARGET = Path.of("target");

    @Test
    void noJmhClassInTheJarOrOnItsClassPath() throws IOException {
        Path jar = TARGET.resolve("thingcore.jar");
        assertThat(jar).exists();
        List<Path> classPath = new ArrayList<>();
        classPath.add(jar);
        try (JarFile file = new JarFile(jar.toFile())) {
            String entries = file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            assertThat(entries).as("Class-Path of thingcore.jar").isNotBlank();
            Arrays.stream(entries.trim().split("\\s+")).map(TARGET::resolve).forEach(classPath::add);
        }

        assertThat(classPath)
                .as("the shipped class path")
                .noneMatch(p -> p.getFileName().toString().startsWith("jmh-"));
        for (Path entry : classPath) {
            assertThat(entry).exists();
            assertThat(jmhEntries(entry)).as("JMH classes in %s", entry).isEmpty();
        }
    }

    @Test
    void boringSslForLinuxOnX86AndArm() throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(TARGET.resolve("thingcore.jar").toFile())) {
            String entries = file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            names.addAll(Arrays.asList(entries.trim().split("\\s+")));
        }
        assertThat(names)
                .anyMatch(n -> n.matches("lib/netty-tcnative-boringssl-static-.*-linux-x86_64\\.jar"))
                .anyMatch(n -> n.matches("lib/netty-tcnative-boringssl-static-.*-linux-aarch_64\\.jar"));
    }

    /**
     * The JDK's AOT cache skips every class of a signed jar ("Skipping ...: Signed JAR" in the training run), so the
     * build ships Bouncy Castle's jars without their signatures and per-entry digests (cli/pom.xml); its versioned
     * classes must stay in use.
     */
    @Test
    void bouncyCastleUnsignedSoTheAotCacheHoldsItsClasses() throws IOException {
        List<Path> bouncyCastle;
        try (var files = Files.list(TARGET.resolve("lib"))) {
            bouncyCastle = files.filter(p -> p.getFileName().toString().startsWith("bc"))
                    .toList();
        }
        assertThat(bouncyCastle).hasSize(3);
        for (Path jar : bouncyCastle) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.stream().map(e -> e.getName()))
                        .as("signature files in %s", jar)
                        .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
                assertThat(file.getManifest().getEntries())
                        .as("per-entry digests in %s", jar)
                        .isEmpty();
                assertThat(file.isMultiRelease()).as("%s multi-release", jar).isTrue();
            }
        }
    }

    private static List<String> jmhEntries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream()
                    .map(e -> e.getName())
                    .filter(name -> name.startsWith("org/openjdk/jmh/") || name.contains("/jmh_generated/"))
                    .toList();
        }
    }
}
