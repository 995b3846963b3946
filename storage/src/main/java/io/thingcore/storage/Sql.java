package io.thingcore.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A thin helper over one transaction's {@link Connection}: positional parameters, row mappers, and the few value
 * conversions that keep one SQL text portable between SQLite and PostgreSQL (booleans as INTEGER 0/1, timestamps as
 * epoch milliseconds, nulls sent untyped).
 */
public final class Sql {
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private final Connection connection;
    private final DatabaseUrl.Dialect dialect;

    public Sql(Connection connection, DatabaseUrl.Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public DatabaseUrl.Dialect dialect() {
        return dialect;
    }

    /**
     * The row-lock suffix of a SELECT that reads an aggregate an operation is about to change: {@code FOR UPDATE} on
     * PostgreSQL, where writers run in parallel and each locks what it changes; nothing on SQLite, where the one
     * writer thread runs operations one after another (and the grammar has no FOR UPDATE).
     */
    public String forUpdate() {
        return dialect == DatabaseUrl.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    /**
     * As {@link #forUpdate()} for a row that must not change until the commit while other transactions may read it
     * the same way ({@code FOR SHARE}): a CA while certificates are registered under it, a thing type while things
     * take it.
     */
    public String forShare() {
        return dialect == DatabaseUrl.Dialect.POSTGRESQL ? " FOR SHARE" : "";
    }

    public Connection connection() {
        return connection;
    }

    public int update(String sql, @Nullable Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(sql, args)) {
            return statement.executeUpdate();
        }
    }

    public <T> List<T> list(String sql, Row<T> row, @Nullable Object... args) throws SQLException {
        try (PreparedStatement statement = prepare(sql, args);
                ResultSet rs = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rs.next()) {
                result.add(row.map(rs));
            }
            return result;
        }
    }

    public <T> Optional<T> one(String sql, Row<T> row, @Nullable Object... args) throws SQLException {
        List<T> rows = list(sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, @Nullable Object... args) throws SQLException {
        return one(sql, rs -> rs.getLong(1), args).orElse(0L);
    }

    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private PreparedStatement prepare(String sql, @Nullable Object... args) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                bind(statement, i + 1, args[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        switch (value) {
            case null -> statement.setNull(index, Types.NULL);
            case String s -> statement.setString(index, s);
            case Integer i -> statement.setInt(index, i);
            case Long l -> statement.setLong(index, l);
            case Boolean b -> statement.setInt(index, b ? 1 : 0);
            case Enum<?> e -> statement.setString(index, e.name());
            case java.time.Instant t -> statement.setLong(index, t.toEpochMilli());
            default -> throw new IllegalArgumentException("cannot bind " + value.getClass());
        }
    }

    public static @Nullable Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A NOT NULL timestamp column; a NULL there is a broken row, reported as such. */
    public static java.time.Instant requiredInstant(ResultSet rs, String column) throws SQLException {
        java.time.Instant value = instant(rs, column);
        if (value == null) {
            throw new SQLException("column " + column + " is NULL");
        }
        return value;
    }

    public static java.time.@Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Long millis = longOrNull(rs, column);
        return millis == null ? null : java.time.Instant.ofEpochMilli(millis);
    }

    public static boolean bool(ResultSet rs, String column) throws SQLException {
        return rs.getInt(column) != 0;
    }
}
