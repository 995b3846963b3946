package io.thingcore.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SignInGuardTest {
    static final String KEY = "AKIAEXAMPLE";
    static final String SECRET = "s3cret/key";

    final SessionStoreTest.MutableClock clock = new SessionStoreTest.MutableClock();
    final SignInGuard guard = new SignInGuard(KEY, SECRET, clock);
    final InetAddress a = address("192.0.2.1");
    final InetAddress b = address("198.51.100.7");

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static InetAddress ipv4(int n) {
        return address("10." + (n >>> 16 & 0xff) + "." + (n >>> 8 & 0xff) + "." + (n & 0xff));
    }

    void fail(InetAddress source, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(guard.attempt(source, KEY, "guess" + i)).isEqualTo(SignInGuard.Outcome.REFUSED);
        }
    }

    @Test
    void onlyTheRightPairSignsIn() {
        assertThat(guard.attempt(a, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
        assertThat(guard.attempt(a, "AKIAOTHER", SECRET)).isEqualTo(SignInGuard.Outcome.REFUSED);
        assertThat(guard.attempt(a, KEY, "wrong")).isEqualTo(SignInGuard.Outcome.REFUSED);
        assertThat(guard.attempt(a, KEY, SECRET + " ")).isEqualTo(SignInGuard.Outcome.REFUSED);
        assertThat(guard.attempt(a, null, null)).isEqualTo(SignInGuard.Outcome.REFUSED);
    }

    @Test
    void aGuessingSourceIsThrottledRightPairOrWrongUntilItsBucketRefills() {
        fail(a, SignInGuard.BURST);
        assertThat(guard.attempt(a, KEY, "guess")).isEqualTo(SignInGuard.Outcome.THROTTLED);
        assertThat(guard.attempt(a, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.THROTTLED);
        clock.advance(SignInGuard.REFILL.plus(Duration.ofMillis(1)));
        assertThat(guard.attempt(a, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
    }

    @Test
    void failuresFromOneSourceDoNotStopTheRightPairFromAnother() {
        fail(a, SignInGuard.BURST);
        assertThat(guard.attempt(a, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.THROTTLED);
        assertThat(guard.attempt(b, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
    }

    @Test
    void aGuesserRotatingAddressesAgainstOneKeyIdIsSlowedButTheAdministratorIsNot() {
        for (int n = 0; n < 50; n++) {
            guard.attempt(ipv4(n), KEY, "guess" + n);
        }
        // a rotating address that has failed once is throttled: the key ID's bucket is empty
        assertThat(guard.attempt(ipv4(7), KEY, "again")).isEqualTo(SignInGuard.Outcome.THROTTLED);
        assertThat(guard.attempt(ipv4(7), KEY, SECRET)).isEqualTo(SignInGuard.Outcome.THROTTLED);
        // a source that has not failed signs in at once
        assertThat(guard.attempt(b, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
    }

    @Test
    void theRightPairIsNeverLockedOutForMoreThanAMinute() {
        for (int n = 0; n < 50; n++) {
            guard.attempt(ipv4(n), KEY, "guess" + n);
        }
        guard.attempt(b, KEY, "typo"); // the administrator mistypes while the key ID is under attack
        assertThat(guard.attempt(b, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.THROTTLED);
        clock.advance(SignInGuard.REFILL);
        assertThat(guard.attempt(b, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
    }

    @Test
    void anIpv6SourceIsItsSlash64() {
        InetAddress one = address("2001:db8:1:2::1");
        InetAddress other = address("2001:db8:1:2:ffff::9");
        fail(one, SignInGuard.BURST);
        assertThat(guard.attempt(other, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.THROTTLED);
        assertThat(guard.attempt(address("2001:db8:1:3::1"), KEY, SECRET)).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
        assertThat(SignInGuard.sourceKey(address("::ffff:192.0.2.1"))).isEqualTo("192.0.2.1");
    }

    @Test
    void theTablesStayBoundedUnder100000DistinctFailingSources() {
        for (int n = 0; n < 100_000; n++) {
            assertThat(guard.attempt(ipv4(n), "AKIA" + n, "guess")).isNotEqualTo(SignInGuard.Outcome.SIGNED_IN);
            assertThat(guard.trackedSources()).isLessThanOrEqualTo(SignInGuard.MAX_TRACKED);
            assertThat(guard.trackedKeyIds()).isLessThanOrEqualTo(SignInGuard.MAX_TRACKED);
        }
        assertThat(guard.trackedSources()).isEqualTo(SignInGuard.MAX_TRACKED);
        assertThat(guard.attempt(b, KEY, SECRET)).isEqualTo(SignInGuard.Outcome.SIGNED_IN);
    }

    @Test
    void secretsAreComparedWhateverTheirLength() {
        assertThat(SessionStore.sameSecret("a", "a")).isTrue();
        assertThat(SessionStore.sameSecret("a", "ab")).isFalse();
        assertThat(SessionStore.sameSecret(null, "a")).isFalse();
    }
}
