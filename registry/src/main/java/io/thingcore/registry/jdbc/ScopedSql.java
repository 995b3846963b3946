package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.storage.DatabaseUrl;
import io.thingcore.storage.Sql;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One transaction's {@link Sql}, scoped to one namespace (an account in a region): every registry table's key starts
 * with {@code account_id, region}, and every statement names its namespace with a marker that this class expands and
 * binds, so that no query can forget it (docs/adr/0007-storage-core-namespaces-and-change-feed.md):
 *
 * <ul>
 *   <li>{@code {ns}} becomes {@code account_id = ? AND region = ?};
 *   <li>{@code {ns:t}} becomes {@code t.account_id = ? AND t.region = ?} (a table alias);
 *   <li>{@code {nsv}} becomes {@code ?, ?}, the first two values of an INSERT that lists {@code account_id, region}
 *       first.
 * </ul>
 *
 * The namespace's two values are bound where the marker stands, between the statement's other positional parameters.
 */
final class ScopedSql {
    private static final Pattern TOKEN = Pattern.compile("\\{ns(?::([a-z]+))?}|\\{nsv}|\\?");

    private final Sql sql;
    private final Account namespace;

    ScopedSql(Sql sql, Account namespace) {
        this.sql = sql;
        this.namespace = namespace;
    }

    Account namespace() {
        return namespace;
    }

    /** The unscoped connection, for tables that are not per namespace (the change feed, which names its own). */
    Sql unscoped() {
        return sql;
    }

    int update(String statement, @Nullable Object... args) throws SQLException {
        Bound bound = bind(statement, args);
        return sql.update(bound.text(), bound.args());
    }

    <T> List<T> list(String statement, Sql.Row<T> row, @Nullable Object... args) throws SQLException {
        Bound bound = bind(statement, args);
        return sql.list(bound.text(), row, bound.args());
    }

    <T> Optional<T> one(String statement, Sql.Row<T> row, @Nullable Object... args) throws SQLException {
        Bound bound = bind(statement, args);
        return sql.one(bound.text(), row, bound.args());
    }

    long count(String statement, @Nullable Object... args) throws SQLException {
        Bound bound = bind(statement, args);
        return sql.count(bound.text(), bound.args());
    }

    /** See {@link Sql#forShare()}: append to the SELECT of a row that must not change until the commit. */
    String forShare() {
        return sql.forShare();
    }

    /** See {@link Sql#forUpdate()}: append to the SELECT of a row the operation is about to change. */
    String forUpdate() {
        return sql.forUpdate();
    }

    /**
     * The next creation-order number of a table (unique over every namespace, so it orders pages within one): from
     * the sequence {@code registry_seq} on PostgreSQL, where writers run in parallel; {@code MAX(seq) + 1} on SQLite,
     * where the one writer thread runs one operation at a time (registry migration V003).
     */
    long nextSeq(String table) throws SQLException {
        if (sql.dialect() == DatabaseUrl.Dialect.POSTGRESQL) {
            return sql.count("SELECT nextval('registry_seq')");
        }
        return sql.count("SELECT COALESCE(MAX(seq), 0) + 1 FROM " + table);
    }

    record Bound(String text, Object[] args) {}

    /** Expands the markers and places the namespace's values among {@code args} in the order they appear. */
    Bound bind(String statement, @Nullable Object... args) {
        Matcher matcher = TOKEN.matcher(statement);
        StringBuilder text = new StringBuilder();
        List<Object> bound = new ArrayList<>(args.length + 2);
        int next = 0;
        while (matcher.find()) {
            String token = matcher.group();
            String replacement;
            if (token.equals("?")) {
                if (next >= args.length) {
                    throw new IllegalArgumentException("more parameters than arguments in: " + statement);
                }
                bound.add(args[next++]);
                replacement = "?";
            } else {
                bound.add(namespace.accountId());
                bound.add(namespace.region());
                if (token.equals("{nsv}")) {
                    replacement = "?, ?";
                } else {
                    String alias = matcher.group(1) == null ? "" : matcher.group(1) + ".";
                    replacement = alias + "account_id = ? AND " + alias + "region = ?";
                }
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(text);
        if (next != args.length) {
            throw new IllegalArgumentException("more arguments than parameters in: " + statement);
        }
        return new Bound(text.toString(), bound.toArray());
    }
}
