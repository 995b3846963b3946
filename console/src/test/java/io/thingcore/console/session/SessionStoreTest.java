package io.thingcore.console.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionStoreTest {
    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final MutableClock clock = new MutableClock();
    final SessionStore store = new SessionStore(clock, new SecureRandom(), Duration.ofMinutes(30), Duration.ofHours(8));

    @Test
    void idsAndTokensAre256RandomBitsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            SessionStore.Created created = store.create();
            assertThat(created.id()).hasSize(43).matches("[A-Za-z0-9_-]+"); // 32 bytes, base64url without padding
            assertThat(created.session().csrfToken()).hasSize(43).isNotEqualTo(created.id());
            assertThat(seen.add(created.id())).isTrue();
            assertThat(seen.add(created.session().csrfToken())).isTrue();
        }
    }

    @Test
    void findsOnlyByTheExactIdAndDoesNotKeepTheIdItself() {
        SessionStore.Created created = store.create();
        assertThat(store.find(created.id())).containsSame(created.session());
        assertThat(store.find(created.id() + "x")).isEmpty();
        assertThat(store.find("")).isEmpty();
        assertThat(store.find(null)).isEmpty();
        assertThat(created.session().key()).isNotEqualTo(created.id()).hasSize(64);
    }

    @Test
    void idleSessionsExpireAndUseKeepsThemAlive() {
        SessionStore.Created created = store.create();
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(created.id())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(store.find(created.id())).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(store.find(created.id())).isEmpty();
        assertThat(store.size()).isZero();
    }

    @Test
    void absoluteExpiryEndsEvenABusySession() {
        SessionStore.Created created = store.create();
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            store.find(created.id());
        }
        clock.advance(Duration.ofMinutes(29)); // 8 h 13 min after sign-in, last use 29 min ago
        assertThat(store.find(created.id())).isEmpty();
        assertThat(store.isLive(created.session())).isFalse();
    }

    @Test
    void signOutRemovesTheSession() {
        SessionStore.Created created = store.create();
        store.remove(created.session());
        assertThat(store.find(created.id())).isEmpty();
        assertThat(store.isLive(created.session())).isFalse();
    }

    @Test
    void theNumberOfSessionsIsBoundedOldestFirst() {
        SessionStore.Created first = store.create();
        for (int i = 0; i < SessionStore.MAX_SESSIONS; i++) {
            clock.advance(Duration.ofSeconds(1));
            store.create();
        }
        assertThat(store.size()).isEqualTo(SessionStore.MAX_SESSIONS);
        assertThat(store.find(first.id())).isEmpty();
    }
}
