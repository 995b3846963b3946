package io.thingcore.logtext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Values from clients and requests in log lines (CWE-117, log injection). */
class LogTextTest {
    @Test
    void ordinaryValuesAreReturnedAsTheyAre() {
        String id = "DIC_2/élan-東京-🙂";
        assertThat(LogText.of(id)).isSameAs(id);
        assertThat(LogText.of(null)).isEqualTo("null");
    }

    @Test
    void aNewlineCannotForgeALogLine() {
        assertThat(LogText.of("a\n2026-12-02 07:00:00.000 INFO  MqttBroker - fake\r\n"))
                .isEqualTo("a\\x0a2026-12-02 07:00:00.000 INFO  MqttBroker - fake\\x0d\\x0a")
                .doesNotContain("\n", "\r");
    }

    @Test
    void terminalEscapeSequencesCannotColourOrRewriteALine() {
        assertThat(LogText.of("/\u001b[31mred\u001b[2K\u009b1A")).isEqualTo("/\\x1b[31mred\\x1b[2K\\x9b1A");
    }

    @Test
    void everyControlFormatAndSeparatorCharacterIsEscaped() {
        assertThat(LogText.of("\t\u0000\u007f")).isEqualTo("\\x09\\x00\\x7f");
        assertThat(LogText.of("x\u0085y\u2028z\u2029\u202e\u200b")).isEqualTo("x\\x85y\\u2028z\\u2029\\u202e\\u200b");
    }

    @Test
    void quotesAndBackslashesAreEscaped_soAQuotedValueEndsWhereItEnds() {
        assertThat(LogText.of("it's \"x\" \\")).isEqualTo("it\\'s \\\"x\\\" \\\\");
        assertThat(LogText.of("\\x0a")).isEqualTo("\\\\x0a");
    }

    @Test
    void loneSurrogatesAreEscapedPairsAreKept() {
        assertThat(LogText.of("a\ud83d")).isEqualTo("a\\ud83d");
        assertThat(LogText.of("\ude42b")).isEqualTo("\\ude42b");
        assertThat(LogText.of("\ud83d\ude42")).isEqualTo("\ud83d\ude42");
    }

    @Test
    void longValuesAreCutWithoutSplittingAPair() {
        assertThat(LogText.of("x".repeat(300))).isEqualTo("x".repeat(LogText.MAX_CHARS) + "…");
        String pairAtTheCut = "x".repeat(LogText.MAX_CHARS - 1) + "\ud83d\ude42" + "tail";
        assertThat(LogText.of(pairAtTheCut)).isEqualTo("x".repeat(LogText.MAX_CHARS - 1) + "…");
    }

    @Test
    void anyObjectIsEscapedByItsText() {
        assertThat(LogText.of(List.of("a/+", "b\n#"))).isEqualTo("[a/+, b\\x0a#]");
    }

    @Test
    void aComposedLineKeepsItsQuotesButNotItsLineBreaks() {
        String message = "invalid publish topic name: a/'b'\n12:00:00.000 INFO fake\u001b[0m";
        assertThat(LogText.line(message))
                .isEqualTo("invalid publish topic name: a/'b'\\x0a12:00:00.000 INFO fake\\x1b[0m");
        assertThat(LogText.line("x".repeat(2000))).isEqualTo("x".repeat(LogText.MAX_LINE_CHARS) + "…");
        assertThat(LogText.line("client 'a' said \\o/")).isEqualTo("client 'a' said \\o/");
    }
}
