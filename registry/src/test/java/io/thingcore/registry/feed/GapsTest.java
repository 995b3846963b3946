package io.thingcore.registry.feed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ordering rule of the change feed when ids are not committed in id order (PostgreSQL). */
class GapsTest {
    @Test
    void aLowerIdThatCommitsLaterIsAppliedNotSkipped() {
        Gaps gaps = new Gaps(10);
        // 11 is still committing when 12 is read.
        assertThat(gaps.accept(12, 0)).isTrue();
        assertThat(gaps.open()).containsExactly(11L);
        assertThat(gaps.snapshot().includes(12)).isTrue();
        assertThat(gaps.snapshot().includes(11)).isFalse();

        assertThat(gaps.accept(11, 500)).as("11 appears later and is applied").isTrue();
        assertThat(gaps.open()).isEmpty();
        assertThat(gaps.accept(11, 600)).as("and only once").isFalse();
        assertThat(gaps.accept(12, 600)).isFalse();
    }

    @Test
    void aRolledBackIdNeverStallsTheFeedAndIsForgottenAfterTheTimeout() {
        Gaps gaps = new Gaps(0);
        gaps.accept(2, 1_000);
        gaps.accept(3, 1_000);
        assertThat(gaps.highWaterMark()).isEqualTo(3);
        assertThat(gaps.expire(1_000 + Gaps.TIMEOUT.toMillis() - 1)).isEmpty();
        assertThat(gaps.expire(1_000 + Gaps.TIMEOUT.toMillis())).containsExactly(1L);
        assertThat(gaps.open()).isEmpty();
        assertThat(gaps.snapshot().includes(1))
                .as("an id given up on counts as applied: nobody waits for it")
                .isTrue();
    }

    @Test
    void gapsAreBoundedToAWindowBelowTheHighestId() {
        Gaps gaps = new Gaps(0);
        gaps.accept(Gaps.WINDOW * 3L, 0);
        assertThat(gaps.open()).hasSize(Gaps.WINDOW);
        assertThat(gaps.open().iterator().next()).isEqualTo(Gaps.WINDOW * 2L);
    }
}
