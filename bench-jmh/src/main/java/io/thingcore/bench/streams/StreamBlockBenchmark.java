package io.thingcore.bench.streams;

import io.thingcore.streams.delivery.BlockCache;
import io.thingcore.streams.delivery.Format;
import io.thingcore.streams.delivery.ReplyEncoder;
import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.streams.files.StreamFileSource;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.S3Location;
import io.thingcore.streams.model.StreamFile;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Blocks served per second by one thread: a 1 KiB block of a 1 MiB file (the AWS OTA library's default block size,
 * {@code otaconfigLOG2_FILE_BLOCK_SIZE} 10) taken from the {@link BlockCache} (a hit: the file was read once in
 * {@code @Setup}) and encoded as the CBOR data reply the library reads. Block IDs cycle through the file, as a fleet
 * at different stages of one download asks for them. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the
 * garbage per block.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StreamBlockBenchmark {
    static final int FILE_SIZE = 1024 * 1024;
    static final int BLOCK_SIZE = 1024;
    static final int BLOCKS = FILE_SIZE / BLOCK_SIZE;

    /** The file in memory; counts reads so that the set-up can prove the measurement never misses the cache. */
    static final class MemorySource implements StreamFileSource {
        final byte[] content;
        int reads;

        MemorySource(byte[] content) {
            this.content = content;
        }

        @Override
        public ObjectInfo describe(S3Location location) {
            return new ObjectInfo(content.length, "v", "etag");
        }

        @Override
        public byte[] read(S3Location location, ObjectInfo pinned, long offset, int length) {
            reads++;
            return Arrays.copyOfRange(content, (int) offset, (int) Math.min(content.length, offset + length));
        }

        @Override
        public InputStream open(S3Location location, ObjectInfo pinned) {
            return new ByteArrayInputStream(content);
        }
    }

    MemorySource source;
    BlockCache cache;
    PinnedFile file;
    int next;

    @Setup
    public void setUp() {
        byte[] content = new byte[FILE_SIZE];
        new Random(1).nextBytes(content);
        source = new MemorySource(content);
        cache = new BlockCache(source, BlockCache.DEFAULT_SEGMENT_SIZE, 4L * FILE_SIZE);
        file = new PinnedFile(new StreamFile(0, new S3Location("firmware", "app.gbl", null)), FILE_SIZE, "v", "etag");
        for (int i = 0; i < BLOCKS; i++) {
            cache.block(file, i, BLOCK_SIZE);
        }
        if (source.reads != FILE_SIZE / BlockCache.DEFAULT_SEGMENT_SIZE) {
            throw new IllegalStateException("the cache read the file " + source.reads + " times per segment set");
        }
    }

    /** One CBOR data reply: cache hit plus encoding. */
    @Benchmark
    public byte[] cborBlockFromCache() {
        int id = next;
        next = (id + 1) % BLOCKS;
        return ReplyEncoder.block(Format.CBOR, "rdy", 0, id, cache.block(file, id, BLOCK_SIZE));
    }
}
