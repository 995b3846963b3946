package io.thingcore.streams.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.streams.files.StreamFileSource;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.S3Location;
import io.thingcore.streams.model.StreamFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The block cache: 1,000 devices asking for one file at once read each segment from the source once. */
class BlockCacheTest {
    static final int SIZE = 256 * 1024;

    /** A slow source that counts reads, so that concurrent misses of one segment would show. */
    static final class CountingSource implements StreamFileSource {
        final byte[] content = new byte[SIZE];
        final AtomicInteger reads = new AtomicInteger();

        CountingSource() {
            new Random(7).nextBytes(content);
        }

        @Override
        public ObjectInfo describe(S3Location location) {
            return new ObjectInfo(SIZE, "v1", "e1");
        }

        @Override
        public byte[] read(S3Location location, ObjectInfo pinned, long offset, int length) {
            reads.incrementAndGet();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Arrays.copyOfRange(content, (int) offset, (int) Math.min(SIZE, offset + length));
        }

        @Override
        public InputStream open(S3Location location, ObjectInfo pinned) {
            return new ByteArrayInputStream(content);
        }
    }

    static PinnedFile file(String version) {
        return new PinnedFile(new StreamFile(0, new S3Location("fw", "app", null)), SIZE, version, "e1");
    }

    @Test
    void thousandConcurrentDevices_oneReadPerSegment() throws Exception {
        CountingSource source = new CountingSource();
        BlockCache cache = new BlockCache(source, 64 * 1024, 1024 * 1024);
        PinnedFile file = file("v1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int device = 0; device < 1000; device++) {
            int blockId = device % (SIZE / 1000 + 1);
            results.add(pool.submit(() -> {
                start.await();
                BlockCache.Block b = cache.block(file, blockId, 1000);
                byte[] expected =
                        Arrays.copyOfRange(source.content, blockId * 1000, Math.min(SIZE, blockId * 1000 + 1000));
                return Arrays.equals(b.array(), b.offset(), b.offset() + b.length(), expected, 0, expected.length);
            }));
        }
        start.countDown();
        for (Future<Boolean> r : results) {
            assertThat(r.get()).isTrue();
        }
        pool.shutdown();
        assertThat(source.reads.get()).isEqualTo(4);
        assertThat(cache.loads()).isEqualTo(4);
    }

    @Test
    void budget_evictsLeastRecentlyUsed_andAnotherVersionIsAnotherObject() {
        CountingSource source = new CountingSource();
        BlockCache cache = new BlockCache(source, 64 * 1024, 128 * 1024);
        PinnedFile v1 = file("v1");
        cache.block(v1, 0, 1024); // segment 0
        cache.block(v1, 64, 1024); // segment 1
        cache.block(v1, 0, 1024); // hit
        assertThat(source.reads.get()).isEqualTo(2);
        cache.block(v1, 128, 1024); // segment 2 pushes out segment 1, the least recently used
        cache.block(v1, 0, 1024);
        assertThat(source.reads.get()).isEqualTo(3);
        cache.block(v1, 64, 1024);
        assertThat(source.reads.get()).isEqualTo(4);
        cache.block(file("v2"), 0, 1024);
        assertThat(source.reads.get())
                .as("a re-pinned file never meets the old bytes")
                .isEqualTo(5);
    }
}
