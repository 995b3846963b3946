package io.thingcore.registry.feed;

import io.thingcore.registry.Account;
import io.thingcore.storage.DatabaseUrl;
import io.thingcore.storage.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code change_feed} table (registry migration V004): appending a row inside a write transaction, reading the
 * rows a node has not applied yet, the position a node starts from, and retention.
 */
public final class ChangeFeed {
    /** The most rows one read hands to the applier; a longer backlog is read in several passes. */
    static final int BATCH = 512;

    private static final String COLUMNS = "id, account_id, region, family, entity_key, kind, committed_at";

    private ChangeFeed() {}

    /**
     * Appends one row in the caller's transaction and returns its id. Call it last in the transaction, just before
     * the commit: on PostgreSQL the id is taken when the row is inserted and becomes visible at commit, and the
     * appliers of other nodes wait a bounded time for an id they have not seen yet ({@link Gaps#TIMEOUT}); the
     * shorter the time between insert and commit, the safer that bound.
     */
    public static long append(Sql sql, Account namespace, String family, String key, String kind, long committedAt)
            throws SQLException {
        String insert = "INSERT INTO change_feed (account_id, region, family, entity_key, kind, committed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        Object[] values = {namespace.accountId(), namespace.region(), family, key, kind, committedAt};
        if (sql.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
            return sql.one(insert + " RETURNING id", rs -> rs.getLong(1), values)
                    .orElseThrow();
        }
        sql.update(insert, values);
        return sql.one("SELECT last_insert_rowid()", rs -> rs.getLong(1)).orElseThrow();
    }

    /**
     * The rows with an id above {@code highWaterMark} or among {@code gaps} (ids below it not seen yet), in id order,
     * at most {@link #BATCH}.
     */
    static List<FeedEntry> unapplied(Sql sql, long highWaterMark, Collection<Long> gaps) throws SQLException {
        List<Object> args = new ArrayList<>(gaps.size() + 2);
        StringBuilder where = new StringBuilder("id > ?");
        args.add(highWaterMark);
        if (!gaps.isEmpty()) {
            where.append(" OR id IN (");
            for (Long gap : gaps) {
                where.append(args.size() == 1 ? "?" : ", ?");
                args.add(gap);
            }
            where.append(')');
        }
        args.add(BATCH);
        return sql.list(
                "SELECT " + COLUMNS + " FROM change_feed WHERE " + where + " ORDER BY id LIMIT ?",
                ChangeFeed::entry,
                args.toArray());
    }

    /**
     * Where a node that has just loaded its read model starts tailing: the highest id of the same snapshot, and
     * which of the {@link Gaps#WINDOW} ids below it that snapshot does not hold (transactions still committing, or
     * rolled back). Call it in the read transaction that loaded the read model.
     */
    static Gaps position(Sql sql, long nowMillis) throws SQLException {
        long highest =
                sql.one("SELECT MAX(id) FROM change_feed", rs -> rs.getLong(1)).orElse(0L);
        Set<Long> present = new HashSet<>(
                sql.list("SELECT id FROM change_feed WHERE id > ?", rs -> rs.getLong(1), highest - Gaps.WINDOW));
        Gaps gaps = new Gaps(highest);
        for (long id = Math.max(1, highest - Gaps.WINDOW + 1); id < highest; id++) {
            if (!present.contains(id)) {
                gaps.add(id, nowMillis);
            }
        }
        return gaps;
    }

    /** Deletes the rows written before {@code cutoffMillis}; returns how many. */
    static int prune(Sql sql, long cutoffMillis) throws SQLException {
        return sql.update("DELETE FROM change_feed WHERE committed_at < ?", cutoffMillis);
    }

    private static FeedEntry entry(ResultSet rs) throws SQLException {
        return new FeedEntry(
                rs.getLong("id"),
                new Account(rs.getString("account_id"), rs.getString("region")),
                rs.getString("family"),
                rs.getString("entity_key"),
                rs.getString("kind"),
                rs.getLong("committed_at"));
    }
}
