package io.thingcore.broker.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.spi.SessionChange;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.spi.StoredMessage;
import io.thingcore.broker.spi.StoredSession;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionWriterTest {
    static SessionChange.Queued queued(String id, long seq) {
        return new SessionChange.Queued(id, new StoredMessage(seq, "t", new byte[] {1}, false));
    }

    @Test
    void aMessageAcknowledgedWithinTheBatch_neverReachesTheStore() {
        List<SessionChange> in = List.of(
                new SessionChange.Saved("c", 10, null),
                queued("c", 1),
                queued("c", 2),
                new SessionChange.Removed("c", 1),
                new SessionChange.Removed("c", 7));
        assertThat(SessionWriter.coalesce(in))
                .containsExactly(new SessionChange.Saved("c", 10, null), in.get(2), new SessionChange.Removed("c", 7));
    }

    @Test
    void barriers_runAfterEarlierChanges_orFailWithTheStore() throws Exception {
        List<List<SessionChange>> applied = new CopyOnWriteArrayList<>();
        SessionStore store = new SessionStore() {
            @Override
            public List<StoredSession> loadAll() {
                return List.of();
            }

            @Override
            public void apply(List<SessionChange> changes) {
                if (changes.stream().anyMatch(c -> c.clientId().equals("broken"))) {
                    throw new IllegalStateException("disk full");
                }
                applied.add(changes);
            }
        };
        try (SessionWriter writer = new SessionWriter(store)) {
            writer.submit(new SessionChange.Saved("ok", 10, null));
            CompletableFuture<Boolean> first = new CompletableFuture<>();
            writer.afterDurable(() -> first.complete(!applied.isEmpty()), () -> first.complete(false));
            assertThat(first.get(5, TimeUnit.SECONDS)).isTrue();

            writer.submit(new SessionChange.Saved("broken", 10, null));
            CompletableFuture<Boolean> second = new CompletableFuture<>();
            writer.afterDurable(() -> second.complete(true), () -> second.complete(false));
            assertThat(second.get(5, TimeUnit.SECONDS)).isFalse();
        }
    }

    @Test
    void withoutAStore_barriersRunAtOnce_andNothingIsWritten() {
        SessionWriter writer = new SessionWriter(SessionStore.NONE);
        assertThat(writer.enabled()).isFalse();
        boolean[] ran = {false};
        writer.afterDurable(() -> ran[0] = true, () -> {});
        assertThat(ran[0]).isTrue();
        writer.close();
    }
}
