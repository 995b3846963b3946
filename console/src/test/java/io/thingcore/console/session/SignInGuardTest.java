package io.thingcore.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInGuardTest {
    final SessionStoreTest.MutableClock clock = new SessionStoreTest.MutableClock();
    final SignInGuard guard = new SignInGuard("AKIAEXAMPLE", "s3cret/key", clock);

    @Test
    void onlyTheRightPairSignsIn() {
        assertThat(guard.attempt("AKIAEXAMPLE", "s3cret/key")).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
        assertThat(guard.attempt("AKIAOTHER", "s3cret/key")).isEqualTo(SignInGuard.Outcome.REFUSED);
        assertThat(guard.attempt("AKIAEXAMPLE", "wrong")).isEqualTo(SignInGuard.Outcome.REFUSED);
        assertThat(guard.attempt("AKIAEXAMPLE", "s3cret/key ")).isEqualTo(SignInGuard.Outcome.REFUSED);
        assertThat(guard.attempt(null, null)).isEqualTo(SignInGuard.Outcome.REFUSED);
    }

    @Test
    void guessingIsThrottledAndWhileThrottledEvenTheRightPairIsRefused() {
        for (int i = 0; i < SignInGuard.BURST; i++) {
            assertThat(guard.attempt("AKIAEXAMPLE", "guess" + i)).isEqualTo(SignInGuard.Outcome.REFUSED);
        }
        assertThat(guard.attempt("AKIAEXAMPLE", "guess")).isEqualTo(SignInGuard.Outcome.THROTTLED);
        assertThat(guard.attempt("AKIAEXAMPLE", "s3cret/key")).isEqualTo(SignInGuard.Outcome.THROTTLED);
        clock.advance(SignInGuard.REFILL.plus(Duration.ofMillis(1)));
        assertThat(guard.attempt("AKIAEXAMPLE", "s3cret/key")).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
    }

    @Test
    void secretsAreComparedWhateverTheirLength() {
        assertThat(SessionStore.sameSecret("a", "a")).isTrue();
        assertThat(SessionStore.sameSecret("a", "ab")).isFalse();
        assertThat(SessionStore.sameSecret(null, "a")).isFalse();
    }
}
