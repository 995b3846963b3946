package io.thingcore.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.sessions.JdbcSessionStore.Message;
import io.thingcore.sessions.JdbcSessionStore.Session;
import io.thingcore.sessions.JdbcSessionStore.Subscription;
import io.thingcore.storage.Storage;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MQTT session store on the gateway's database, database-independent: what is written survives reopening, a
 * failed batch keeps nothing, deletions and idempotent re-writes. One subclass per database.
 */
abstract class SessionStoreContractTest {
    protected String url;
    protected Storage storage;
    private JdbcSessionStore store;

    protected abstract String freshDatabaseUrl() throws Exception;

    protected void dropDatabase() throws Exception {}

    @BeforeEach
    void open() throws Exception {
        url = freshDatabaseUrl();
        storage = Storage.open(url, Clock.systemUTC());
        store = JdbcSessionStore.open(storage, "123456789012", "us-east-1");
    }

    @AfterEach
    void close() throws Exception {
        // A subclass that skipped in its set-up (no database configured) opened nothing.
        if (storage != null) {
            storage.close();
        }
        dropDatabase();
    }

    JdbcSessionStore store() {
        return store;
    }

    void reopen() {
        storage.close();
        storage = Storage.open(url, Clock.systemUTC());
        store = JdbcSessionStore.open(storage, "123456789012", "us-east-1");
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    @Test
    void sessionsSubscriptionsAndMessages_surviveReopening() {
        Instant at = Instant.ofEpochMilli(1_700_000_000_123L);
        byte[] big = bytes(128 * 1024);
        store().write(b -> {
            b.save("dev-1", 3600, null);
            b.subscribe("dev-1", new Subscription("light/#", 1, false));
            b.subscribe("dev-1", new Subscription("command", 0, true));
            b.queue("dev-1", new Message(7, "light/state", "on".getBytes(), false));
            b.queue("dev-1", new Message(9, "light/big", big, true));
            b.save("dev-2", 60, at);
        });
        reopen();
        List<Session> sessions = store().loadAll();
        assertThat(sessions).extracting(Session::clientId).containsExactly("dev-1", "dev-2");
        Session one = sessions.get(0);
        assertThat(one.expirySeconds()).isEqualTo(3600);
        assertThat(one.disconnectedAt()).isNull();
        assertThat(one.subscriptions())
                .containsExactly(new Subscription("command", 0, true), new Subscription("light/#", 1, false));
        assertThat(one.messages()).extracting(Message::sequence).containsExactly(7L, 9L);
        assertThat(one.messages().get(0).payload()).isEqualTo("on".getBytes());
        assertThat(one.messages().get(1).payload()).isEqualTo(big);
        assertThat(one.messages().get(1).retain()).isTrue();
        Session two = sessions.get(1);
        assertThat(two.disconnectedAt()).isEqualTo(at);
        assertThat(two.subscriptions()).isEmpty();
        assertThat(two.messages()).isEmpty();
    }

    @Test
    void rewritesReplace_removalsOfMissingRowsDoNothing() {
        store().write(b -> {
            b.save("c", 10, null);
            b.subscribe("c", new Subscription("t", 0, false));
            b.queue("c", new Message(1, "t", new byte[] {1}, false));
        });
        store().write(b -> {
            b.save("c", 20, Instant.ofEpochMilli(5));
            b.subscribe("c", new Subscription("t", 1, true));
            b.queue("c", new Message(1, "t", new byte[] {1}, false));
            b.remove("c", 99);
            b.unsubscribe("c", "nothing");
            b.delete("nobody");
        });
        Session c = store().loadAll().get(0);
        assertThat(c.expirySeconds()).isEqualTo(20);
        assertThat(c.disconnectedAt()).isEqualTo(Instant.ofEpochMilli(5));
        assertThat(c.subscriptions()).containsExactly(new Subscription("t", 1, true));
        assertThat(c.messages()).hasSize(1);
    }

    @Test
    void acknowledgedMessagesAndUnsubscribedFilters_areRemoved_deleteRemovesEverything() {
        store().write(b -> {
            b.save("c", 10, null);
            b.subscribe("c", new Subscription("a", 1, false));
            b.subscribe("c", new Subscription("b", 1, false));
            b.queue("c", new Message(1, "a", new byte[] {1}, false));
            b.queue("c", new Message(2, "a", new byte[] {2}, false));
            b.save("other", 10, null);
            b.queue("other", new Message(3, "a", new byte[] {3}, false));
        });
        store().write(b -> {
            b.remove("c", 1);
            b.unsubscribe("c", "a");
        });
        Session c = store().loadAll().get(0);
        assertThat(c.messages()).extracting(Message::sequence).containsExactly(2L);
        assertThat(c.subscriptions()).extracting(Subscription::filter).containsExactly("b");
        store().write(b -> b.delete("c"));
        assertThat(store().loadAll()).extracting(Session::clientId).containsExactly("other");
        assertThat(store().loadAll().get(0).messages()).hasSize(1);
    }

    @Test
    void aFailedBatch_keepsNothing() {
        assertThatThrownBy(() -> store().write(b -> {
                    b.save("c", 10, null);
                    b.queue("c", new Message(1, "t", new byte[] {1}, false));
                    throw new IllegalStateException("boom");
                }))
                .hasMessage("boom");
        assertThat(store().loadAll()).isEmpty();
    }

    @Test
    void aClosedStorage_refusesWrites() {
        storage.close();
        assertThatThrownBy(() -> store().write(b -> b.save("c", 1, null))).isInstanceOf(RuntimeException.class);
        reopen();
        assertThat(store().loadAll()).isEmpty();
    }

    @Test
    void anotherNamespaceSeesNoneOfTheseSessions() {
        store().write(b -> {
            b.save("dev-1", 3600, null);
            b.subscribe("dev-1", new Subscription("a/#", 1, false));
            b.queue("dev-1", new Message(1, "a/b", new byte[] {1}, false));
        });
        JdbcSessionStore other = JdbcSessionStore.open(storage, "210987654321", "eu-west-1");
        assertThat(other.loadAll()).isEmpty();
        other.write(b -> {
            b.save("dev-1", 60, null);
            b.delete("dev-1");
        });
        assertThat(store().loadAll()).hasSize(1);
        assertThat(store().loadAll().get(0).messages()).hasSize(1);
    }
}
