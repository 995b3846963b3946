package io.thingcore.jobs.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A fixed-size pool of JDBC connections to one URL, for the store used on its own (tests, benchmarks): a connection
 * handed out returns to the pool when closed. Thread-safe; {@link #get} waits while every connection is in use.
 */
public final class SimpleConnectionPool implements ConnectionSupplier, AutoCloseable {
    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();

    /**
     * @param size connections to open now
     * @param properties driver properties, e.g. SQLite's {@code journal_mode}, {@code busy_timeout} and
     *     {@code transaction_mode}
     */
    public SimpleConnectionPool(String url, Properties properties, int size) throws SQLException {
        idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Connection c = DriverManager.getConnection(url, properties);
                all.add(c);
                idle.add(c);
            }
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    /**
     * An SQLite file as the gateway opens one: WAL, writers waiting up to 10 s for the lock, and write transactions
     * that take it at BEGIN (IMMEDIATE), so that two transactions never deadlock upgrading a read lock.
     */
    public static SimpleConnectionPool sqlite(Path file, int size) throws SQLException {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("synchronous", "NORMAL");
        p.setProperty("busy_timeout", "10000");
        p.setProperty("transaction_mode", "IMMEDIATE");
        return new SimpleConnectionPool("jdbc:sqlite:" + file.toAbsolutePath(), p, size);
    }

    @Override
    public Connection get() throws SQLException {
        Connection c;
        try {
            c = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for a connection", e);
        }
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, new Lease(c));
    }

    @Override
    public void close() {
        for (Connection c : all) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    /** One use of a pooled connection: close() gives it back once, with auto-commit restored. */
    private final class Lease implements InvocationHandler {
        private Connection connection;

        Lease(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (connection != null) {
                    Connection c = connection;
                    connection = null;
                    if (!c.getAutoCommit()) {
                        c.rollback();
                        c.setAutoCommit(true);
                    }
                    idle.add(c);
                }
                return null;
            }
            if (method.getName().equals("isClosed") && method.getParameterCount() == 0) {
                return connection == null;
            }
            if (connection == null) {
                throw new SQLException("connection already returned to the pool");
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
