package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the harness keeps of a broker's output: its start, its volume, and its latest lines for a failed run. */
class ProcessOutputTest {

    @Test
    void aFailedRunShowsTheBrokersLatestLinesNotItsFirst() {
        ProcessOutput output = new ProcessOutput();
        for (int i = 1; i <= 1_000; i++) {
            output.append("line " + i);
        }

        String latest = output.latestLines();

        assertThat(latest).startsWith("line 801\n").endsWith("line 1000\n");
        assertThat(latest.lines()).hasSize(200);
    }

    @Test
    void theStartIsKeptForTheReadyLineAndEveryCharacterIsCounted() {
        ProcessOutput output = new ProcessOutput();
        output.append("thingcore ready");
        String longLine = "x".repeat(10_000);
        for (int i = 0; i < 200; i++) {
            output.append(longLine); // 2 MB, past the kept beginning
        }

        assertThat(output.contains("thingcore ready")).isTrue();
        assertThat(output.chars()).isEqualTo("thingcore ready".length() + 1 + 200L * (longLine.length() + 1));
        assertThat(output.toString()).hasSizeLessThan(1_100_000);
    }
}
