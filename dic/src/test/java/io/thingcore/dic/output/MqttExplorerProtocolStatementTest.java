package io.thingcore.dic.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * MQTT Explorer's protocol setting is stated one way wherever the repository tells a user how to connect it: protocol
 * {@code mqtt://} with "Encryption (tls)" on, as its own source builds the URL ({@link
 * MqttExplorerBundle#PROTOCOL_SETTING}). A {@code mqtts://} protocol choice, which its menu does not offer, fails here.
 */
class MqttExplorerProtocolStatementTest {
    /** "protocol" (or a "Protocol" table cell) followed by a scheme: the setting a text tells the user to choose. */
    private static final Pattern PROTOCOL_CHOICE = Pattern.compile("(?i)protocol[\\s`'\"*:|]{0,8}(mqtts|mqtt|ws)://");

    private static final String STATEMENT = MqttExplorerBundle.PROTOCOL_SETTING.replace("`", "");

    @Test
    void everyTextStatesTheProtocolSettingTheSameWay() throws IOException {
        Map<String, String> texts = texts();
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, String> text : texts.entrySet()) {
            Matcher choice = PROTOCOL_CHOICE.matcher(text.getValue());
            boolean states = false;
            while (choice.find()) {
                states = true;
                if (!choice.group(1).equalsIgnoreCase("mqtt")) {
                    disagreements.add(text.getKey() + ": '" + choice.group() + "'");
                }
            }
            if (states && !text.getValue().contains("Encryption (tls)")) {
                disagreements.add(text.getKey() + ": names the protocol without the \"Encryption (tls)\" switch");
            }
            if (!text.getKey().endsWith(".java")) {
                Matcher tls = Pattern.compile("mqtts://").matcher(text.getValue());
                while (tls.find()) {
                    String before = text.getValue().substring(Math.max(0, tls.start() - 60), tls.start());
                    if (!before.contains("connect")) {
                        disagreements.add(text.getKey() + ": mqtts:// as a setting, not as what MQTT Explorer"
                                + " connects to: '..." + before + "mqtts://'");
                    }
                }
            }
        }
        assertThat(disagreements).isEmpty();
        for (String mustState : List.of("README.md", "bundle README", "console settings page")) {
            assertThat(texts.get(mustState).replace("`", "").replace("\n", " "))
                    .as(mustState)
                    .contains(STATEMENT);
        }
    }

    @Test
    void settingsJsonUsesMqttExplorersFieldsAndTheUrlItConnectsTo() throws IOException {
        String json = new MqttExplorerBundle("localhost", 8883, "DIC_EXPLORER", "", false, "", "").settingsJson();
        assertThat(json)
                .contains("\"protocol\" : \"mqtt\"")
                .contains("\"encryption\" : true")
                .contains("\"url\" : \"mqtts://localhost:8883\"");
    }

    /** The texts a user reads about connecting MQTT Explorer, by a name for the failure message. */
    private static Map<String, String> texts() throws IOException {
        Path root = repositoryRoot();
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("README.md", read(root.resolve("README.md")));
        texts.put(
                "bundle README", new MqttExplorerBundle("localhost", 8883, "DIC_EXPLORER", "", false, "", "").readme());
        texts.put(
                "console settings page",
                read(root.resolve("console/src/main/resources/io/thingcore/console/static/pages/settings.js")));
        List<Path> more = new ArrayList<>();
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(more::add);
        }
        for (String module : List.of("cli", "dic", "console")) {
            try (Stream<Path> sources = Files.walk(root.resolve(module).resolve("src/main"))) {
                sources.filter(p -> p.toString().endsWith(".java")
                                || p.toString().endsWith(".js")
                                || p.toString().endsWith(".html"))
                        .forEach(more::add);
            }
        }
        for (Path file : more) {
            texts.putIfAbsent(root.relativize(file).toString(), read(file));
        }
        return texts;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static Path repositoryRoot() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            if (Files.exists(at.resolve("README.md")) && Files.exists(at.resolve("mvnw"))) {
                return at;
            }
        }
        throw new IllegalStateException(
                "repository root not found above " + Path.of("").toAbsolutePath());
    }
}
