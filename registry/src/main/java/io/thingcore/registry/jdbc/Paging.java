package io.thingcore.registry.jdbc;

import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.RegistryException;
import io.thingcore.storage.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Keyset pagination over a {@code seq} column (creation order; seq values are unique, so there are no ties).
 *
 * <p>Tokens are base64 of {@code "s:<last seq>"}, which matches AWS's marker pattern {@code [A-Za-z0-9+/]+={0,2}};
 * they stay valid while rows are added or deleted (no offsets). Page size: 1..250; when absent, 25 for the
 * marker-style lists (ListCertificates, ListPolicies, ..., AWS's documented {@code pageSize} default) and 50 for the
 * nextToken-style lists (ListThings, ListThingTypes, principals; AWS documents no default, 50 is our choice).
 */
record Paging(long after, boolean ascending, int size) {
    static final int MARKER_DEFAULT_SIZE = 25;
    static final int TOKEN_DEFAULT_SIZE = 50;

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/]+={0,2}");
    private static final Pattern CONTENT = Pattern.compile("s:([0-9]{1,18})");

    /** A row with its ordering key. */
    private record Keyed<T>(long seq, T value) {}

    static Paging marker(PageRequest request) {
        return of(request, MARKER_DEFAULT_SIZE, request == null || request.ascending());
    }

    /** nextToken lists have no {@code isAscendingOrder}: always creation order. */
    static Paging token(PageRequest request) {
        return of(request, TOKEN_DEFAULT_SIZE, true);
    }

    private static Paging of(PageRequest request, int defaultSize, boolean ascending) {
        PageRequest page = request == null ? PageRequest.first() : request;
        int size = page.size() == null ? defaultSize : page.size();
        if (size < 1 || size > PageRequest.MAX_SIZE) {
            throw RegistryException.invalid(
                    "page size must be between 1 and " + PageRequest.MAX_SIZE + ", got " + page.size());
        }
        long after = ascending ? 0 : Long.MAX_VALUE;
        if (page.token() != null) {
            after = decode(page.token());
        }
        return new Paging(after, ascending, size);
    }

    private static long decode(String token) {
        if (token.length() > 1024 || !TOKEN.matcher(token).matches()) {
            throw RegistryException.invalid("the pagination token is invalid");
        }
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            var matcher = CONTENT.matcher(text);
            if (!matcher.matches()) {
                throw RegistryException.invalid("the pagination token is invalid");
            }
            return Long.parseLong(matcher.group(1));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid("the pagination token is invalid");
        }
    }

    static String encode(long seq) {
        return Base64.getEncoder().encodeToString(("s:" + seq).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One page of {@code SELECT <columnsFrom> WHERE <namespace> [AND <filter>] AND <key> > ? ORDER BY <key> LIMIT ?},
     * where {@code columnsFrom} is the column list and FROM clause, {@code filter} ("" for none) binds
     * {@code filterArgs}, and {@code key} is the seq column that orders the rows and goes into the next token. The
     * namespace condition applies to the table of {@code key} (its alias, as in {@code t.seq}, or the only table).
     */
    <T> Page<T> select(
            ScopedSql sql, String columnsFrom, String filter, String key, Sql.Row<T> row, Object... filterArgs)
            throws SQLException {
        Object[] args = Arrays.copyOf(filterArgs, filterArgs.length + 2);
        args[filterArgs.length] = after;
        args[filterArgs.length + 1] = limit();
        int dot = key.indexOf('.');
        String namespace = dot < 0 ? "{ns}" : "{ns:" + key.substring(0, dot) + "}";
        return page(sql.list(
                "SELECT " + key + " AS page_key, " + columnsFrom + " WHERE " + namespace + " AND "
                        + (filter.isEmpty() ? "" : filter + " AND ") + condition(key) + orderAndLimit(key),
                rs -> new Keyed<>(rs.getLong("page_key"), row.map(rs)),
                args));
    }

    /** As {@link #select}, keeping the rows whose {@code column} equals {@code value}, or every row if it is null. */
    <T> Page<T> selectEqual(
            ScopedSql sql, String columnsFrom, String column, @Nullable Object value, String key, Sql.Row<T> row)
            throws SQLException {
        return value == null
                ? select(sql, columnsFrom, "", key, row)
                : select(sql, columnsFrom, column + " = ?", key, row, value);
    }

    /** {@code <column> > ?} or {@code <column> < ?}. */
    private String condition(String column) {
        return column + (ascending ? " > ?" : " < ?");
    }

    /** {@code ORDER BY <column> ASC|DESC LIMIT ?}; bind {@link #limit()} to it. */
    private String orderAndLimit(String column) {
        return " ORDER BY " + column + (ascending ? " ASC" : " DESC") + " LIMIT ?";
    }

    /** One more than the page size: the extra row tells whether there is a next page. */
    private int limit() {
        return size + 1;
    }

    private <T> Page<T> page(List<Keyed<T>> rows) {
        List<T> items = new ArrayList<>(Math.min(rows.size(), size));
        for (int i = 0; i < rows.size() && i < size; i++) {
            items.add(rows.get(i).value());
        }
        String next = rows.size() > size ? encode(rows.get(size - 1).seq()) : null;
        return new Page<>(items, next);
    }
}
