package io.thingcore.registry.jdbc;

import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.RegistryException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

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
    record Keyed<T>(long seq, T value) {}

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

    /** {@code <column> > ?} or {@code <column> < ?}. */
    String condition(String column) {
        return column + (ascending ? " > ?" : " < ?");
    }

    /** {@code ORDER BY <column> ASC|DESC LIMIT ?}; bind {@link #limit()} to it. */
    String orderAndLimit(String column) {
        return " ORDER BY " + column + (ascending ? " ASC" : " DESC") + " LIMIT ?";
    }

    /** One more than the page size: the extra row tells whether there is a next page. */
    int limit() {
        return size + 1;
    }

    <T> Page<T> page(List<Keyed<T>> rows) {
        List<T> items = new ArrayList<>(Math.min(rows.size(), size));
        for (int i = 0; i < rows.size() && i < size; i++) {
            items.add(rows.get(i).value());
        }
        String next = rows.size() > size ? encode(rows.get(size - 1).seq()) : null;
        return new Page<>(items, next);
    }
}
