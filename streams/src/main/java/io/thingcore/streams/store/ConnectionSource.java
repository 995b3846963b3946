package io.thingcore.streams.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the stream store gets its database connections: a pool of the storage the gateway opened, or a test's
 * {@code DriverManager}. Each call returns a connection the caller closes; the store sets auto-commit itself.
 */
@FunctionalInterface
public interface ConnectionSource {
    Connection connection() throws SQLException;
}
