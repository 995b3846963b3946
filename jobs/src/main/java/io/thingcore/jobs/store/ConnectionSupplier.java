package io.thingcore.jobs.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the jobs store gets its connections: one per transaction, closed by the store when the transaction ends
 * (a pool takes it back). This is the seam to the gateway's shared storage core; {@link SimpleConnectionPool} serves
 * tests and benchmarks until then.
 */
@FunctionalInterface
public interface ConnectionSupplier {
    Connection get() throws SQLException;
}
