package io.thingcore.streams.delivery;

import io.thingcore.streams.files.FileSourceException;
import io.thingcore.streams.files.ObjectInfo;
import io.thingcore.streams.files.StreamFileSource;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.S3Location;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * File bytes for blocks, read from the {@link StreamFileSource} in fixed segments and kept in memory up to a byte
 * budget, least recently used first out. A thousand devices fetching the same file read each segment from the source
 * once: the first request of a segment loads it and every concurrent request of it waits for that load (one flight),
 * later ones hit memory. Keys are the pinned object (bucket, key, version, entity tag), not the stream, so streams
 * sharing a file share its segments, and a re-pinned file never meets the old bytes.
 *
 * <p>Threads: the service executor's threads. The map is guarded by one lock held only for map work, never during a
 * read from the source.
 */
public final class BlockCache {
    /** 64 KiB: a multiple of every power-of-two block size up to 64 KiB, so such blocks never span two segments. */
    public static final int DEFAULT_SEGMENT_SIZE = 64 * 1024;

    private final StreamFileSource source;
    private final int segmentSize;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<SegmentKey, CompletableFuture<byte[]>> segments = new LinkedHashMap<>(64, 0.75f, true);
    private long bytes;
    private long loads;

    private record SegmentKey(String bucket, String key, String version, String etag, long index) {}

    /**
     * A slice of a segment, or a copy for a block that spans segments; never modified by anyone.
     *
     * @param array the bytes
     * @param offset where the block starts in {@code array}
     * @param length the block's length
     */
    public record Block(byte[] array, int offset, int length) {}

    /**
     * @param maxBytes the memory budget: segments beyond it are dropped, least recently used first
     */
    public BlockCache(StreamFileSource source, int segmentSize, long maxBytes) {
        if (segmentSize <= 0 || maxBytes < segmentSize) {
            throw new IllegalArgumentException("segment size must be positive and at most the budget");
        }
        this.source = source;
        this.segmentSize = segmentSize;
        this.maxBytes = maxBytes;
    }

    /**
     * Block {@code blockId} of {@code blockSize} bytes of {@code file} (shorter at the file's end).
     *
     * @throws FileSourceException when the source cannot give the bytes
     */
    public Block block(PinnedFile file, int blockId, int blockSize) {
        long start = (long) blockId * blockSize;
        int length = (int) Math.min(blockSize, file.size() - start);
        long first = start / segmentSize;
        long last = (start + length - 1) / segmentSize;
        if (first == last) {
            byte[] segment = segment(file, first);
            return new Block(segment, (int) (start - first * segmentSize), length);
        }
        byte[] copy = new byte[length];
        int written = 0;
        for (long index = first; index <= last; index++) {
            byte[] segment = segment(file, index);
            int from = index == first ? (int) (start - first * segmentSize) : 0;
            int n = Math.min(segment.length - from, length - written);
            System.arraycopy(segment, from, copy, written, n);
            written += n;
        }
        return new Block(copy, 0, length);
    }

    private byte[] segment(PinnedFile file, long index) {
        S3Location location = file.file().s3Location();
        SegmentKey key = new SegmentKey(location.bucket(), location.key(), file.version(), file.etag(), index);
        CompletableFuture<byte[]> segment;
        boolean owner = false;
        lock.lock();
        try {
            segment = segments.get(key);
            if (segment == null) {
                segment = new CompletableFuture<>();
                segments.put(key, segment);
                loads++;
                owner = true;
            }
        } finally {
            lock.unlock();
        }
        if (owner) {
            load(file, location, key, index, segment);
        }
        try {
            return segment.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof FileSourceException f) {
                throw f;
            }
            throw new FileSourceException(FileSourceException.Reason.FAILED, "reading a segment failed", e.getCause());
        }
    }

    private void load(
            PinnedFile file, S3Location location, SegmentKey key, long index, CompletableFuture<byte[]> loading) {
        try {
            ObjectInfo pinned = new ObjectInfo(file.size(), file.version(), file.etag());
            byte[] data = source.read(location, pinned, index * segmentSize, segmentSize);
            lock.lock();
            try {
                if (segments.get(key) == loading) {
                    bytes += data.length;
                    evict();
                }
            } finally {
                lock.unlock();
            }
            loading.complete(data);
        } catch (RuntimeException e) {
            lock.lock();
            try {
                segments.remove(key, loading);
            } finally {
                lock.unlock();
            }
            loading.completeExceptionally(e);
        }
    }

    /** Drops least recently used loaded segments until the budget holds; caller holds the lock. */
    private void evict() {
        Iterator<Map.Entry<SegmentKey, CompletableFuture<byte[]>>> it =
                segments.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            CompletableFuture<byte[]> f = it.next().getValue();
            if (f.isDone() && !f.isCompletedExceptionally()) {
                bytes -= f.join().length;
                it.remove();
            }
        }
    }

    /** How many segment reads went to the source since this cache was made. */
    public long loads() {
        lock.lock();
        try {
            return loads;
        } finally {
            lock.unlock();
        }
    }
}
