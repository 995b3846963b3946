package io.thingcore.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A database location as the operator writes it ({@code --db}): {@code jdbc:sqlite:/path/file.db},
 * {@code jdbc:postgresql://host:port/db?user=..&password=..}, or the libpq form
 * {@code postgresql://user:pass@host:port/db} (also {@code postgres://}), which is converted to the JDBC form.
 */
public record DatabaseUrl(Dialect dialect, String jdbcUrl) {

    public enum Dialect {
        SQLITE,
        POSTGRESQL
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database URL is empty; use jdbc:sqlite:/path/file.db or "
                    + "postgresql://user:password@host:port/database");
        }
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:sqlite:")) {
            String path = trimmed.substring("jdbc:sqlite:".length());
            if (path.isEmpty() || path.equals(":memory:") || path.startsWith("file::memory:")) {
                // Each pooled connection would get its own empty in-memory database.
                throw new IllegalArgumentException(
                        "database URL " + trimmed + " names no file; use jdbc:sqlite:/path/file.db");
            }
            return new DatabaseUrl(Dialect.SQLITE, trimmed);
        }
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(Dialect.POSTGRESQL, trimmed);
        }
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return new DatabaseUrl(Dialect.POSTGRESQL, fromLibpq(trimmed));
        }
        throw new IllegalArgumentException("unsupported database URL \"" + redact(trimmed)
                + "\": use jdbc:sqlite:/path/file.db, jdbc:postgresql://host:port/database?user=..&password=.. or "
                + "postgresql://user:password@host:port/database");
    }

    private static String fromLibpq(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed PostgreSQL URL \"" + redact(url) + "\": " + e.getMessage());
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("PostgreSQL URL \"" + redact(url) + "\" has no host");
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (database.isEmpty()) {
            throw new IllegalArgumentException("PostgreSQL URL \"" + redact(url) + "\" names no database");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() != -1) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append('/').append(database);
        StringBuilder query = new StringBuilder();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            appendParameter(query, "user", user);
            if (colon >= 0) {
                appendParameter(query, "password", decode(userInfo.substring(colon + 1)));
            }
        }
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            if (!query.isEmpty()) {
                query.append('&');
            }
            query.append(uri.getRawQuery());
        }
        if (!query.isEmpty()) {
            jdbc.append('?').append(query);
        }
        return jdbc.toString();
    }

    private static void appendParameter(StringBuilder query, String name, String value) {
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The file of a SQLite URL ({@code jdbc:sqlite:FILE} or {@code jdbc:sqlite:file:FILE?options}), absolute. */
    public Path sqliteFile() {
        if (dialect != Dialect.SQLITE) {
            throw new IllegalStateException("not a SQLite URL: " + this);
        }
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        file = file.startsWith("file:") ? file.substring("file:".length()) : file;
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        return Path.of(file).toAbsolutePath().normalize();
    }

    /**
     * The database as a person names it in a message, without credentials or driver options: the SQLite file, or
     * {@code postgresql://host:port/database} for PostgreSQL.
     */
    public String displayName() {
        if (dialect == Dialect.SQLITE) {
            return sqliteFile().toString();
        }
        String location = jdbcUrl.substring("jdbc:".length());
        int query = location.indexOf('?');
        return redact(query >= 0 ? location.substring(0, query) : location);
    }

    /** The URL without a password, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(://[^:/@]+:)[^@/]*@", "$1***@");
    }

    @Override
    public String toString() {
        return dialect + " " + redact(jdbcUrl);
    }
}
