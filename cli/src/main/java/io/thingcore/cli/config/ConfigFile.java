package io.thingcore.cli.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.thingcore.logtext.LogText;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A configuration file read against a command's options: one flat YAML mapping, each key a long option without its
 * leading dashes ({@code mqtt-port: 8883} for {@code --mqtt-port 8883}), each value what the command line would take
 * (a sequence for a repeatable option). Flat rather than nested ({@code mqtt: {port: ...}}) so that a key is found by
 * searching {@code --help} and every new option is a key without a mapping kept by hand.
 *
 * <p>Relative paths in path-valued keys are taken from the file's directory (and {@code ~/} from the home
 * directory), not from the directory the gateway happens to be started in, so that a service unit and a shell read
 * the same file the same way.
 */
public final class ConfigFile {
    /** Options that are not keys, and why: the line printed when a file holds one of them. */
    public static final Map<String, String> NOT_KEYS = Map.of(
            "--config",
            "a configuration file does not name another one",
            "--detach",
            "it is how one invocation runs, not what the gateway is (the gateway started in the background reads the"
                    + " same file); pass --detach on the command line",
            "--secret-access-key",
            "a configuration file is shared and committed more often than it is kept secret; put the key in the file"
                    + " named by credentials-file, or in THINGCORE_ACCESS_KEY_ID and THINGCORE_SECRET_ACCESS_KEY",
            "--help",
            "it is a question to the command, not a setting",
            "--version",
            "it is a question to the command, not a setting");

    /** Long option name to the value as the command line would spell it; a repeatable option's values joined. */
    private final Map<String, String> values;

    private ConfigFile(Map<String, String> values) {
        this.values = values;
    }

    /** The key of {@code option} in a configuration file. */
    public static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    /** The options of {@code command} a file may set, by key. */
    public static Map<String, OptionSpec> keys(CommandSpec command) {
        Map<String, OptionSpec> keys = new LinkedHashMap<>();
        for (OptionSpec option : command.options()) {
            if (!NOT_KEYS.containsKey(option.longestName())) {
                keys.put(key(option), option);
            }
        }
        return keys;
    }

    /** The value the file gives {@code option}, spelled as on the command line; null when the file leaves it out. */
    public @Nullable String valueOf(OptionSpec option) {
        return values.get(option.longestName());
    }

    /** Reads {@code file} and checks every key and value against the options of {@code command}. */
    public static ConfigFile read(Path file, CommandSpec command) throws ConfigFileException {
        Map<String, OptionSpec> keys = keys(command);
        Map<String, String> values = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                JsonParser parser = YAMLFactory.builder().build().createParser(reader)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new ConfigFile(values); // an empty file sets nothing
            }
            if (token != JsonToken.START_OBJECT) {
                throw problem(
                        file, parser.currentTokenLocation(), "expected 'key: value' lines (e.g. mqtt-port: 8883)");
            }
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonLocation at = parser.currentTokenLocation();
                OptionSpec option = keys.get(key);
                if (option == null) {
                    throw problem(file, at, unknownKey(command, key, keys));
                }
                if (values.containsKey(option.longestName())) {
                    throw problem(file, at, "key '" + key + "' appears twice");
                }
                String value = value(parser, file, option, key);
                values.put(option.longestName(), value);
            }
            if (parser.nextToken() != null) {
                throw problem(file, parser.currentTokenLocation(), "expected one YAML document, found another");
            }
            return new ConfigFile(values);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage().lines().findFirst().orElse("");
            throw problem(file, e.getLocation(), "not valid YAML: " + LogText.line(message));
        } catch (NoSuchFileException e) {
            throw new ConfigFileException("configuration file " + file + " does not exist (--config, or "
                    + ConfigFileDefaults.ENVIRONMENT_VARIABLE + ")");
        } catch (IOException e) {
            throw new ConfigFileException(
                    "cannot read configuration file " + file + ": " + LogText.line(e.getMessage()));
        }
    }

    private static String value(JsonParser parser, Path file, OptionSpec option, String key)
            throws IOException, ConfigFileException {
        JsonToken token = parser.nextToken();
        JsonLocation at = parser.currentTokenLocation();
        if (token == JsonToken.START_ARRAY) {
            if (!option.isMultiValue()) {
                throw problem(file, at, key + " takes one value, not a list");
            }
            List<String> elements = new ArrayList<>();
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                elements.add(checked(file, parser.currentTokenLocation(), option, key, scalar(parser, file, key)));
            }
            if (elements.isEmpty()) {
                throw problem(file, at, key + " is an empty list (leave the key out for the default)");
            }
            return String.join(separator(option), elements);
        }
        return checked(file, at, option, key, scalar(parser, file, key));
    }

    private static String scalar(JsonParser parser, Path file, String key) throws IOException, ConfigFileException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            throw problem(
                    file,
                    parser.currentTokenLocation(),
                    key + " takes a value, not a mapping (keys are flat: mqtt-port: 8883, not mqtt: {port: 8883})");
        }
        if (token == JsonToken.START_ARRAY) {
            throw problem(file, parser.currentTokenLocation(), key + " takes values, not lists of lists");
        }
        if (token == null || token == JsonToken.VALUE_NULL) {
            throw problem(
                    file, parser.currentTokenLocation(), key + " has no value (leave the key out for the default)");
        }
        return parser.getText();
    }

    /** {@code value} as the command line would take it, or the line saying why the option cannot take it. */
    private static String checked(Path file, JsonLocation at, OptionSpec option, String key, String value)
            throws ConfigFileException {
        Class<?> type = option.isMultiValue() ? option.auxiliaryTypes()[0] : option.type();
        String quoted = "'" + LogText.of(value) + "'";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            try {
                if (type == long.class || type == Long.class) {
                    Long.parseLong(value);
                } else {
                    Integer.parseInt(value);
                }
            } catch (NumberFormatException e) {
                throw problem(file, at, key + ": " + quoted + " is not a whole number");
            }
        } else if (type == boolean.class || type == Boolean.class) {
            if (!value.equals("true") && !value.equals("false")) {
                throw problem(file, at, key + ": " + quoted + " is not true or false");
            }
        } else if (type.isEnum()) {
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT))
                    .toList();
            if (names.stream().noneMatch(name -> name.equalsIgnoreCase(value))) {
                throw problem(file, at, key + ": " + quoted + " is not one of " + String.join(", ", names));
            }
        } else if (type == Path.class) {
            return resolve(file, value);
        } else if (option.isMultiValue() && value.contains(separator(option))) {
            throw problem(file, at, key + ": " + quoted + " holds '" + separator(option) + "'; list the values");
        }
        return value;
    }

    /**
     * The text picocli splits a repeatable option's default value at. A repeatable option a file can set needs one,
     * since a default value is one string; a new one without it is a programming error the tests catch.
     */
    private static String separator(OptionSpec option) {
        if (option.splitRegex().isEmpty()) {
            throw new IllegalStateException(option.longestName() + " is repeatable but has no split regex");
        }
        return option.splitRegex();
    }

    private static String resolve(Path file, String value) {
        if (value.equals("~") || value.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"))
                    .resolve(value.substring(Math.min(2, value.length())))
                    .normalize()
                    .toString();
        }
        Path directory = file.toAbsolutePath().getParent();
        return directory == null ? value : directory.resolve(value).normalize().toString();
    }

    private static String unknownKey(CommandSpec command, String key, Map<String, OptionSpec> keys) {
        if (NOT_KEYS.containsKey("--" + key)) {
            return key + " cannot be set in a configuration file: " + NOT_KEYS.get("--" + key);
        }
        Optional<String> nested = keys.keySet().stream()
                .filter(candidate -> candidate.startsWith(key + "-"))
                .findFirst();
        if (nested.isPresent()) {
            return "unknown key '" + LogText.of(key) + "': keys are flat, one per long option without its dashes ("
                    + nested.get() + ": ..., not " + key + ": {" + nested.get().substring(key.length() + 1)
                    + ": ...})";
        }
        Optional<String> closest = keys.keySet().stream()
                .filter(candidate ->
                        distance(candidate, key.toLowerCase(Locale.ROOT).replace('_', '-')) <= 2)
                .findFirst();
        return "unknown key '" + LogText.of(key) + "'"
                + closest.map(candidate -> " (did you mean " + candidate + "?)").orElse("")
                + ": keys are the long options of 'thingcore " + command.name() + "' without their dashes, e.g. "
                + keys.keySet().stream().limit(3).collect(Collectors.joining(", "));
    }

    /** Levenshtein distance, for the "did you mean" of a mistyped key. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static ConfigFileException problem(Path file, @Nullable JsonLocation at, String what) {
        String line = at == null || at.getLineNr() < 1 ? "" : ", line " + at.getLineNr();
        return new ConfigFileException("configuration file " + file + line + ": " + what);
    }
}
