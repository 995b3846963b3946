package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the repository's knowledge self-contained (issue 11, point 7): no source file, test, resource or document may
 * cite a document that is not in the repository, such as a numbered section of a facts digest or of a design note
 * kept elsewhere. A comment cites the primary source instead (the AWS documentation page, the AWS IoT API Reference,
 * the MQTT specification section, the firmware file) or, for a design decision, a page under {@code docs/}; see the
 * "Sources" section of docs/aws-compatibility.md.
 *
 * <p>Lives in {@code server}, the module that sees every other one, and scans the whole source tree from the
 * repository root, so the full build checks every module.
 */
class SelfContainedCitationsTest {
    /** Citations of documents outside the repository. Written so that this file does not match itself. */
    private static final Pattern OUTSIDE_CITATION = Pattern.compile("(?i)"
            + "\\bfacts\\s+(section\\s+)?\\d" // a numbered section of the facts digest, any case
            + "|aws-iot-fact[s]" // the facts digest by name
            + "|\\bDESIGN(\\.md)?\\s+(section\\s+)?\\d" // a numbered section of the design note
            + "|dic-firmware\\.m[d]"
            + "|reference/aws-io[t]"
            + "|\\bshared/(DESIGN|referenc)[e.]"); // the notes' folder, without naming a machine path

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git", ".idea", ".mvn");
    private static final Set<String> TEXT_EXTENSIONS = Set.of(
            "java",
            "md",
            "xml",
            "js",
            "mjs",
            "css",
            "html",
            "sql",
            "properties",
            "json",
            "sh",
            "h",
            "c",
            "txt",
            "yml",
            "yaml");

    @Test
    void noFileCitesADocumentOutsideTheRepository() throws IOException {
        Path root = repositoryRoot();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .filter(file -> isScanned(root.relativize(file)))
                    .forEach(file -> scan(root, file, offences));
        }
        assertThat(offences)
                .as("cite the primary source or a page under docs/ instead (docs/aws-compatibility.md, \"Sources\")")
                .isEmpty();
    }

    private static boolean isScanned(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                return false;
            }
        }
        String path = relative.toString().replace('\\', '/');
        String name = relative.getFileName().toString();
        int dot = name.lastIndexOf('.');
        boolean text = dot > 0 && TEXT_EXTENSIONS.contains(name.substring(dot + 1));
        boolean inScope = path.contains("/src/") || path.startsWith("docs/") || !path.contains("/");
        return text && inScope;
    }

    private static void scan(Path root, Path file, List<String> offences) {
        List<String> lines;
        try {
            // ISO-8859-1 reads any byte sequence; the patterns are ASCII.
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (OUTSIDE_CITATION.matcher(lines.get(i)).find()) {
                offences.add(root.relativize(file) + ":" + (i + 1) + ": "
                        + lines.get(i).strip());
            }
        }
    }

    /** The directory holding {@code mvnw} and the parent {@code pom.xml}, found upwards from the module. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))
                    && Files.isRegularFile(dir.resolve("pom.xml"))
                    && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "repository root not found above " + Path.of("").toAbsolutePath());
    }
}
