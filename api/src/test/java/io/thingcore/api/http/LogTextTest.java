package io.thingcore.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {
    @Test
    void aNewlineOrAnEscapeSequenceCannotForgeOrColourALogLine() {
        assertThat(LogText.of("/things/a\n2026-12-02 INFO fake line"))
                .isEqualTo("/things/a\\x0a2026-12-02 INFO fake line");
        assertThat(LogText.of("/\u001b[31mred")).isEqualTo("/\\x1b[31mred");
        assertThat(LogText.of("a\u202eb\\c")).isEqualTo("a\\u202eb\\\\c");
        assertThat(LogText.of(null)).isEqualTo("null");
    }

    @Test
    void aLongValueIsCut() {
        assertThat(LogText.of("x".repeat(1000))).hasSize(LogText.MAX_CHARS + 1).endsWith("…");
    }
}
