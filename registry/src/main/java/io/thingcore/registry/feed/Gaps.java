package io.thingcore.registry.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which feed rows a node has applied, when ids are unique but not committed in id order. On PostgreSQL a writer takes
 * its id when it inserts its row and others see the row only when it commits, so a higher id can be seen before a
 * lower one; the lower one is a gap. A gap is kept and re-read until its row appears (then applied, even after
 * higher ids: the read model re-reads current state, so the order of two independent changes does not matter) or
 * until {@link #TIMEOUT} has passed, which proves its transaction rolled back: writers append feed rows as the last
 * statement before their commit ({@link ChangeFeed#append}). So a lower id that commits later is never skipped, and a
 * rolled-back id never stalls the feed. On SQLite the one writer allocates ids in commit order and gaps do not arise.
 *
 * <p>Confined to the applier's thread; {@link #snapshot()} publishes a copy for the writers that wait for their row.
 */
final class Gaps {
    /** How long a missing id is awaited; far above the time between a writer's insert and its commit. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** At most this many ids below the highest seen are tracked as gaps (a bound on memory and on the query). */
    static final int WINDOW = 1024;

    /** Id to the time it was first found missing, in id order. */
    private final Map<Long, Long> open = new LinkedHashMap<>();

    private long highWaterMark;

    Gaps(long highWaterMark) {
        this.highWaterMark = highWaterMark;
    }

    long highWaterMark() {
        return highWaterMark;
    }

    Set<Long> open() {
        return open.keySet();
    }

    void add(long id, long nowMillis) {
        open.put(id, nowMillis);
        while (open.size() > WINDOW) {
            open.remove(open.keySet().iterator().next());
        }
    }

    /**
     * Records that the row {@code id} was read; returns whether it is new (above the high-water mark or a gap) and so
     * to be applied. Ids skipped between the old high-water mark and {@code id} become gaps.
     */
    boolean accept(long id, long nowMillis) {
        if (id > highWaterMark) {
            for (long missing = Math.max(highWaterMark + 1, id - WINDOW); missing < id; missing++) {
                add(missing, nowMillis);
            }
            highWaterMark = id;
            return true;
        }
        return open.remove(id) != null;
    }

    /** Forgets the gaps older than {@link #TIMEOUT}: their transactions rolled back. Returns them. */
    List<Long> expire(long nowMillis) {
        List<Long> expired = new ArrayList<>();
        open.entrySet().removeIf(gap -> {
            if (nowMillis - gap.getValue() >= TIMEOUT.toMillis()) {
                expired.add(gap.getKey());
                return true;
            }
            return false;
        });
        return expired;
    }

    /** An immutable copy, for threads other than the applier's. */
    Applied snapshot() {
        return new Applied(highWaterMark, Set.copyOf(open.keySet()));
    }

    /** What a node has applied: every id up to {@code highWaterMark} but the {@code gaps}. */
    record Applied(long highWaterMark, Set<Long> gaps) {
        static final Applied NOTHING = new Applied(0, Set.of());

        boolean includes(long id) {
            return id <= highWaterMark && !gaps.contains(id);
        }
    }
}
