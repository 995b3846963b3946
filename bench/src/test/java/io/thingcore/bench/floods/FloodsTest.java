package io.thingcore.bench.floods;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.bench.load.Log;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI run of {@code thingcore bench floods}, short: every flood against a gateway in its own process. It checks what
 * a user would notice whatever the machine's speed (the p99 ratios are the bench's figures, not asserted here): a
 * legitimate client still connects every time and receives every QoS 1 message during each flood, and the gateway's
 * memory stays bounded.
 */
class FloodsTest {
    @TempDir
    Path out;

    @Test
    void aLegitimateClientConnectsAndReceivesEverythingDuringEveryFloodAndMemoryStaysBounded() throws Exception {
        FloodSettings settings = new FloodSettings(
                List.of(Flood.values()), 100, 8, 3, 150, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, out);

        List<Floods.Row> rows = Floods.run(settings, Log.to(System.out));

        assertThat(rows).extracting(Floods.Row::flood).containsExactly(Flood.values());
        for (Floods.Row row : rows) {
            assertThat(row.flooded().connectFailures())
                    .as("failed connects of the legitimate client during %s", row.flood())
                    .isZero();
            assertThat(row.flooded().sent())
                    .as("messages sent during %s", row.flood())
                    .isPositive();
            assertThat(row.flooded().delivered())
                    .as("messages delivered during %s", row.flood())
                    .isGreaterThanOrEqualTo(row.flooded().sent());
            assertThat(row.rssDuringKb() - row.rssBeforeKb())
                    .as("gateway RSS growth during %s (KB)", row.flood())
                    .isLessThan(256 * 1024);
        }
        assertThat(out.toFile().list()).anyMatch(name -> name.startsWith("floods-"));
    }
}
