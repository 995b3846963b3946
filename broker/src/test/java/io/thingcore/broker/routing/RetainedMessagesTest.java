package io.thingcore.broker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.broker.RetainedQuota;
import org.junit.jupiter.api.Test;

/** The retained store's bounds: each quota refuses with its reason and changes nothing; deletions always pass. */
class RetainedMessagesTest {
    static final long SECOND = 1_000_000_000L;

    static Message retained(String topic, int bytes) {
        return new Message(topic, new byte[bytes], 0, true, null, "c");
    }

    @Test
    void aws_defaults_areAwsQuotasAndA64MiBHeapBound() {
        assertThat(RetainedQuota.AWS.maxMessages()).isEqualTo(500_000);
        assertThat(RetainedQuota.AWS.maxMessageBytes()).isEqualTo(128 * 1024);
        assertThat(RetainedQuota.AWS.heapBoundBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void countSizeAndBytes_refusedBeyondTheQuota_nothingChanges() {
        RetainedMessages store = new RetainedMessages(new RetainedQuota(2, 100, 150, 1000, 1000));
        assertThat(store.retain(retained("big", 101), 0)).isEqualTo(RetainedMessages.Refusal.TOO_LARGE);
        assertThat(store.retain(retained("a", 100), 0)).isNull();
        assertThat(store.retain(retained("b", 60), 0)).isEqualTo(RetainedMessages.Refusal.HEAP_BOUND);
        assertThat(store.retain(retained("b", 50), 0)).isNull();
        assertThat(store.retain(retained("c", 1), 0)).isEqualTo(RetainedMessages.Refusal.TOO_MANY);
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.totalBytes()).isEqualTo(150);
        // Replacing counts only the difference; deleting frees room.
        assertThat(store.retain(retained("a", 90), 0)).isNull();
        assertThat(store.totalBytes()).isEqualTo(140);
        assertThat(store.retain(retained("a", 0), 0)).isNull();
        assertThat(store.get("a")).isEmpty();
        assertThat(store.retain(retained("c", 1), 0)).isNull();
        assertThat(store.totalBytes()).isEqualTo(51);
    }

    @Test
    void rate_aSecondsWorthThenRefused_untilTimePasses_deletionsNeverThrottled() {
        RetainedMessages store = new RetainedMessages(new RetainedQuota(100, 10, 1000, 3, 3));
        for (int i = 0; i < 3; i++) {
            assertThat(store.retain(retained("t" + i, 1), 0)).isNull();
        }
        assertThat(store.retain(retained("t3", 1), SECOND / 10)).isEqualTo(RetainedMessages.Refusal.RATE);
        assertThat(store.retain(retained("t0", 0), SECOND / 10))
                .as("a deletion")
                .isNull();
        assertThat(store.retain(retained("t3", 1), SECOND / 2)).isNull();
    }
}
