package io.thingcore.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Client-provided values in log lines (CWE-117, log injection). */
class PrintableTest {
    @Test
    void ordinaryValuesAreReturnedAsTheyAre() {
        String id = "DIC_2/élan-東京-🙂";
        assertThat(Printable.of(id)).isSameAs(id);
        assertThat(Printable.of(null)).isEqualTo("null");
    }

    @Test
    void lineBreaksControlAndFormatCharactersAreEscaped() {
        assertThat(Printable.of("a\nINFO forged\r\t\u0000")).isEqualTo("a\\x0aINFO forged\\x0d\\x09\\x00");
        assertThat(Printable.of("x\u0085y\u2028z\u202e\u200b")).isEqualTo("x\\x85y\\u2028z\\u202e\\u200b");
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(Printable.of("it's \"x\" \\")).isEqualTo("it\\'s \\\"x\\\" \\\\");
    }

    @Test
    void loneSurrogatesAreEscapedPairsAreKept() {
        assertThat(Printable.of("a\ud83d")).isEqualTo("a\\ud83d");
        assertThat(Printable.of("\ude42b")).isEqualTo("\\ude42b");
        assertThat(Printable.of("\ud83d\ude42")).isEqualTo("\ud83d\ude42");
    }

    @Test
    void longValuesAreCutWithoutSplittingAPair() {
        assertThat(Printable.of("x".repeat(300))).isEqualTo("x".repeat(Printable.MAX_CHARS) + "…");
        String pairAtTheCut = "x".repeat(Printable.MAX_CHARS - 1) + "\ud83d\ude42" + "tail";
        assertThat(Printable.of(pairAtTheCut)).isEqualTo("x".repeat(Printable.MAX_CHARS - 1) + "…");
    }
}
