package io.thingcore.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.thingcore.cli.ServerCommand;
import io.thingcore.cli.UpCommand;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class ConfigFileTest {
    @TempDir
    Path dir;

    /**
     * Every option of {@code server} (and {@code up}) is a key: a file setting each to a value other than its default
     * gives the command exactly that value. A new option fails here when the file cannot carry its type.
     */
    @Test
    void everyOptionOfServerAndUpIsAKey() throws Exception {
        for (String command : List.of("server", "up")) {
            CommandSpec options = spec(command);
            Map<String, Object> expected = new LinkedHashMap<>();
            StringBuilder yaml = new StringBuilder();
            for (OptionSpec option : ConfigFile.keys(options).values()) {
                Sample sample = sample(option);
                yaml.append(ConfigFile.key(option))
                        .append(": ")
                        .append(sample.yaml())
                        .append('\n');
                expected.put(option.longestName(), sample.value());
            }
            Path file = write("every.yaml", yaml.toString());
            CommandSpec parsedSpec = parse(command, "--config", file.toString());
            assertThat(ConfigFileDefaults.problem(parsedSpec)).isEmpty();
            for (Map.Entry<String, Object> entry : expected.entrySet()) {
                Object actual = parsedSpec.findOption(entry.getKey()).getValue();
                assertThat(actual).as(command + " " + entry.getKey()).isEqualTo(entry.getValue());
            }
        }
    }

    @Test
    void theCommandLineWinsOverTheFileAndTheFileOverTheDefaults() throws Exception {
        Path file = write("thingcore.yaml", "mqtt-port: 18883\napi-port: 14566\nhost: [a.example, b.example]\n");
        CommandSpec parsed = parse("server", "--config", file.toString(), "--api-port", "24566");
        assertThat((Integer) parsed.findOption("--api-port").getValue()).isEqualTo(24566);
        assertThat((Integer) parsed.findOption("--mqtt-port").getValue()).isEqualTo(18883);
        assertThat(parsed.findOption("--host").<List<String>>getValue()).containsExactly("a.example", "b.example");
        assertThat((String) parsed.findOption("--region").getValue()).isEqualTo("us-east-1");
    }

    @Test
    void relativePathsAreTakenFromTheFilesDirectory() throws Exception {
        Path file = write("etc/thingcore.yaml", "data-dir: state\ncredentials-file: ../creds\n");
        CommandSpec parsed = parse("server", "--config", file.toString());
        assertThat((Path) parsed.findOption("--data-dir").getValue()).isEqualTo(dir.resolve("etc/state"));
        assertThat((Path) parsed.findOption("--credentials-file").getValue()).isEqualTo(dir.resolve("creds"));
    }

    @Test
    void anUnknownKeyIsOneLineNamingTheFileTheLineAndTheKey() throws Exception {
        Path file = write("thingcore.yaml", "region: eu-west-1\n\nmqtt-prot: 8883\n");
        assertThat(line(file))
                .contains("configuration file " + file + ", line 3: unknown key 'mqtt-prot' (did you mean mqtt-port?):"
                        + " keys are the long options of 'thingcore server' without their dashes, e.g. ");
    }

    @Test
    void aValueOfTheWrongTypeIsOneLineNamingTheFileTheLineAndTheKey() throws Exception {
        assertThat(line(write("a.yaml", "mqtt-port: eight\n")))
                .contains(dir.resolve("a.yaml") + ", line 1: mqtt-port: 'eight' is not a whole number");
        assertThat(line(write("b.yaml", "api-tls: maybe\n")))
                .contains(dir.resolve("b.yaml") + ", line 1: api-tls: 'maybe' is not true or false");
        assertThat(line(write("c.yaml", "sni-rule: loose\n")))
                .contains(dir.resolve("c.yaml") + ", line 1: sni-rule: 'loose' is not one of lenient, strict");
        assertThat(line(write("d.yaml", "mqtt:\n  port: 8883\n")))
                .contains(dir.resolve("d.yaml") + ", line 1: unknown key 'mqtt'");
        assertThat(line(write("e.yaml", "region: [us-east-1, eu-west-1]\n")))
                .contains(dir.resolve("e.yaml") + ", line 1: region takes one value, not a list");
        assertThat(line(write("f.yaml", "mqtt-port: 1\nmqtt-port: 2\n")))
                .startsWith("configuration file " + dir.resolve("f.yaml") + ", line 2: ");
        assertThat(line(write("g.yaml", "host: [unclosed\n")))
                .startsWith("configuration file " + dir.resolve("g.yaml") + ", line ")
                .contains("not valid YAML")
                .doesNotContain("\n");
    }

    @Test
    void theSecretIsNeverReadFromTheFile() throws Exception {
        Path file = write("thingcore.yaml", "secret-access-key: s3cr3t\n");
        assertThat(line(file))
                .startsWith("configuration file " + file + ", line 1: secret-access-key cannot be set in a"
                        + " configuration file: ")
                .contains("credentials-file")
                .doesNotContain("s3cr3t");
    }

    @Test
    void aMissingFileIsOneLine() {
        Path file = dir.resolve("nowhere.yaml");
        assertThat(line(file))
                .contains("configuration file " + file + " does not exist (--config, or THINGCORE_CONFIG)");
    }

    /** docs/thingcore.example.yaml is accepted, names every key, and is the example docs/configuration.md shows. */
    @Test
    void theDocumentedExampleIsAcceptedCompleteAndTheOneTheDocsShow() throws Exception {
        Path root = repositoryRoot();
        Path example = root.resolve("docs/thingcore.example.yaml");
        assertThat(problem(example)).isEmpty();
        String text = Files.readString(example, StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (String key : ConfigFile.keys(spec("server")).keySet()) {
            if (!Pattern.compile("(?m)^(# )?" + Pattern.quote(key) + ":")
                    .matcher(text)
                    .find()) {
                missing.add(key);
            }
        }
        assertThat(missing).as("keys the example does not show").isEmpty();
        String docs = Files.readString(root.resolve("docs/configuration.md"), StandardCharsets.UTF_8);
        Matcher block = Pattern.compile("(?s)<!-- thingcore.example.yaml -->\n```yaml\n(.*?)```")
                .matcher(docs);
        assertThat(block.find()).as("docs/configuration.md shows the example").isTrue();
        assertThat(block.group(1)).isEqualTo(text);
    }

    private String line(Path file) {
        return problem(file).orElse("(accepted)");
    }

    private Optional<String> problem(Path file) {
        CommandSpec parsed = parse("server", "--config", file.toString());
        return ConfigFileDefaults.problem(parsed);
    }

    /**
     * The command as {@code thingcore} configures it (case-insensitive enum values), without building every other
     * subcommand.
     */
    private static CommandLine command(String name) {
        return new CommandLine(name.equals("up") ? new UpCommand() : new ServerCommand())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    private static CommandSpec spec(String name) {
        return command(name).getCommandSpec();
    }

    private static CommandSpec parse(String name, String... args) {
        CommandLine command = command(name);
        command.parseArgs(args);
        return command.getCommandSpec();
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private record Sample(String yaml, Object value) {}

    /** A value unlike any default, in YAML and as picocli holds it. */
    private Sample sample(OptionSpec option) {
        Class<?> type = option.type();
        String key = ConfigFile.key(option);
        if (type == int.class || type == Integer.class) {
            return new Sample("4242", 4242);
        }
        if (type == long.class || type == Long.class) {
            return new Sample("5000000000", 5_000_000_000L);
        }
        if (type == boolean.class || type == Boolean.class) {
            return new Sample("true", true);
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            Object last = constants[constants.length - 1];
            return new Sample(((Enum<?>) last).name(), last);
        }
        if (type == Path.class) {
            return new Sample("sample/" + key, dir.resolve("sample/" + key));
        }
        if (type == URI.class) {
            return new Sample("http://" + key + ".example:9000", URI.create("http://" + key + ".example:9000"));
        }
        if (type == String.class) {
            return new Sample("sample-" + key, "sample-" + key);
        }
        if (List.class.isAssignableFrom(type) && option.auxiliaryTypes()[0] == String.class) {
            return new Sample("[one." + key + ", two." + key + "]", List.of("one." + key, "two." + key));
        }
        return fail(option.longestName() + " has type " + type.getName() + ": make ConfigFile check that type and"
                + " give this test a sample of it");
    }

    private static Path repositoryRoot() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve("docs")) && Files.exists(at.resolve("mvnw"))) {
                return at;
            }
        }
        throw new IllegalStateException(
                "repository root not found above " + Path.of("").toAbsolutePath());
    }
}
