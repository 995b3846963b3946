package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StalledPublishersTest {
    @Test
    void aPublisherWhoseMessageNeverArrivedCountsAsStalled() {
        Stats stats = new Stats();
        LoadConnection delivered = new LoadConnection("delivered", stats, 60);
        LoadConnection neverDelivered = new LoadConnection("never", stats, 60);
        LoadConnection deliveredBeforeTheWindow = new LoadConnection("before", stats, 60);

        deliveredBeforeTheWindow.deliveredOne();
        long windowStart = System.nanoTime();
        delivered.deliveredOne();

        assertThat(Scenarios.stalledPublishers(
                        List.of(delivered, neverDelivered, deliveredBeforeTheWindow), windowStart))
                .isEqualTo(2);
        assertThat(Scenarios.stalledPublishers(List.of(delivered), windowStart)).isZero();
    }
}
