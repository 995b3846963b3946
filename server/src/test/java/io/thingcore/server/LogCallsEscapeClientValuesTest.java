package io.thingcore.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A guard against log injection (CWE-117) coming back: in every module's main code, a log call whose argument names a
 * value that comes from a client or a request (a client ID, topic, filter, path, SNI, resource name, a refusal's
 * detail, an exception's message) passes it through {@code LogText.of} or {@code LogText.line}. Arguments beyond the
 * format's placeholders are throwables, whose stack traces are multi-line by nature and not checked here.
 *
 * <p>Lives in {@code server}, the module that sees every other one, and scans the source tree from the repository
 * root, as {@link SelfContainedCitationsTest} does.
 */
class LogCallsEscapeClientValuesTest {
    private static final Pattern LOG_CALL = Pattern.compile("\\b(?:LOG|log)\\.(?:trace|debug|info|warn|error)\\(");

    /** Names that hold what a client or request chose, or text that may quote it. */
    private static final Pattern CLIENT_DERIVED = Pattern.compile("\\b(?:clientId|topic|topicName|filter|filters"
            + "|rawPath|uri|sni|method|thingName|policyName|jobId|detail|denied|why|granted|event|getMessage"
            + "|cause|subject)\\b|\\breason\\(\\)");

    private static final Pattern ESCAPED = Pattern.compile("^LogText\\.(?:of|line)\\(.*\\)$", Pattern.DOTALL);

    @Test
    void everyClientDerivedLogArgumentIsEscaped() throws IOException {
        Path root = repositoryRoot();
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f ->
                            root.relativize(f).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
                    .forEach(f -> scan(root, f, offences));
        }
        assertThat(offences)
                .as("pass client-derived values through LogText.of (a value) or LogText.line (a composed text)")
                .isEmpty();
    }

    @Test
    void theGuardSeesARawClientIdAndAcceptsAnEscapedOne() {
        List<String> offences = new ArrayList<>();
        check("X.java", "LOG.info(\"client '{}' x {}\", c.clientId(), LogText.of(topic), e);", offences);
        check("Y.java", "LOG.info(\"client '{}' failed\", LogText.of(c.clientId()), cause);", offences);
        assertThat(offences).singleElement().asString().contains("c.clientId()");
    }

    private static void scan(Path root, Path file, List<String> offences) {
        String source;
        try {
            source = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        check(root.relativize(file).toString(), source, offences);
    }

    private static void check(String name, String source, List<String> offences) {
        Matcher call = LOG_CALL.matcher(source);
        while (call.find()) {
            List<String> arguments = arguments(source, call.end());
            if (arguments.isEmpty()) {
                continue;
            }
            int placeholders = count(arguments.get(0), "{}");
            for (int i = 1; i < arguments.size() && i <= placeholders; i++) {
                String argument = arguments.get(i).strip();
                if (CLIENT_DERIVED.matcher(withoutStrings(argument)).find()
                        && !ESCAPED.matcher(argument).matches()) {
                    offences.add(name + ": " + argument);
                }
            }
        }
    }

    /** The top-level arguments of the call whose opening parenthesis ends at {@code from}. */
    private static List<String> arguments(String source, int from) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = from;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"') {
                i = endOfString(source, i);
            } else if (c == '\'') {
                i = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2));
            } else if (c == '(' || c == '{' || c == '[') {
                depth++;
            } else if (c == ')' || c == '}' || c == ']') {
                if (depth == 0) {
                    arguments.add(source.substring(start, i));
                    return arguments;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(source.substring(start, i));
                start = i + 1;
            }
        }
        return List.of();
    }

    private static int endOfString(String source, int quote) {
        for (int i = quote + 1; i < source.length(); i++) {
            if (source.charAt(i) == '\\') {
                i++;
            } else if (source.charAt(i) == '"') {
                return i;
            }
        }
        return source.length();
    }

    private static String withoutStrings(String expression) {
        return expression.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "repository root not found above " + Path.of("").toAbsolutePath());
    }
}
