package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.storage.DatabaseInUseException;
import io.thingcore.storage.NodeLock;
import io.thingcore.testkit.tools.PostgresSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * The contract on PostgreSQL, in a fresh schema per test (dropped afterwards). Needs
 * {@code THINGCORE_TEST_POSTGRES_URL}, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/thingcore?user=thingcore&password=thingcore}, with a role allowed to create
 * schemas; without it the tests follow the external-tool rule ({@link PostgresSchema}).
 */
class PostgresRegistryTest extends RegistryContractTest {
    private PostgresSchema schema;

    @Override
    protected String freshDatabaseUrl() throws Exception {
        schema = PostgresSchema.create("thingcore_test");
        return schema.url();
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (schema != null) {
            schema.close();
        }
    }

    /** The database as the refusal names it: the JDBC URL without "jdbc:" and its options, and the test's schema. */
    private String databaseName() {
        String location = schema.baseUrl().substring("jdbc:".length()).replaceFirst("\\?.*$", "");
        return location + " (schema " + schema.name() + ")";
    }

    /**
     * PostgreSQL takes feed ids when rows are inserted, not when they commit: a transaction holding a lower id that
     * commits after a higher one must still reach the read model and the listeners (docs/adr/0009-change-feed.md).
     */
    @Test
    void aChangeFeedRowThatCommitsAfterAHigherOneIsStillApplied() throws Exception {
        try (Connection slow = DriverManager.getConnection(url)) {
            slow.setAutoCommit(false);
            try (PreparedStatement insert = slow.prepareStatement(
                    "INSERT INTO change_feed (account_id, region, family, entity_key, kind, committed_at)"
                            + " VALUES (?, ?, 'thing', 'late', 'changed', ?)")) {
                insert.setString(1, ACCOUNT.accountId());
                insert.setString(2, ACCOUNT.region());
                insert.setLong(3, Clock.systemUTC().millis());
                insert.executeUpdate();
            }
            registry.things().createThing(new CreateThingRequest("DIC_3", null, null));
            assertThat(events).contains(new RegistryEvent.ThingChanged("DIC_3"));
            assertThat(events).doesNotContain(new RegistryEvent.ThingChanged("late"));
            slow.commit();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!events.contains(new RegistryEvent.ThingChanged("late"))) {
            assertThat(System.nanoTime()).as("the late row was skipped").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aSecondNodeOnTheSameDatabaseIsRefusedNamingItAndTheHolderUntilTheFirstCloses() {
        long pid = ProcessHandle.current().pid();
        assertThatThrownBy(
                        () -> JdbcRegistry.open(url, ACCOUNT, deviceCa.as(CertificateAuthority::of), Clock.systemUTC()))
                .isInstanceOf(DatabaseInUseException.class)
                .hasMessageStartingWith(
                        "the database " + databaseName() + " is in use by another thingcore gateway (started on ")
                .hasMessageContaining(", pid " + pid + ", at ")
                .hasMessageEndingWith("Z); several nodes on one database are not supported yet: revocations and "
                        + "other changes would not reach the other node")
                .hasMessageNotContaining("password");
        registry.things().createThing(new CreateThingRequest("DIC_2", null, null));
        registry.close();
        registry = open();
        assertThat(registry.things().describeThing("DIC_2").thingName()).isEqualTo("DIC_2");
    }

    @Test
    void theLockIsSessionLevelOnOneConnectionOutsideThePoolAndAKilledNodeFreesIt() throws Exception {
        NodeLock.Postgres held = (NodeLock.Postgres) registry.nodeLock();
        int holderBackend = held.connection().unwrap(PGConnection.class).getBackendPID();
        assertThat(advisoryLockHolders()).containsExactly(holderBackend);

        // A killed node: its session ends without unlocking (pgjdbc's abort closes the socket at once).
        held.connection().abort(Runnable::run);
        JdbcRegistry next = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (next == null) {
            try {
                next = JdbcRegistry.open(url, ACCOUNT, deviceCa.as(CertificateAuthority::of), Clock.systemUTC());
            } catch (DatabaseInUseException e) {
                // The server notices the closed socket a moment later.
                assertThat(System.nanoTime())
                        .as("the lock outlived its session")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        registry.close(); // quiet: its lock session is gone already
        registry = next;
        int nextBackend = ((NodeLock.Postgres) next.nodeLock())
                .connection()
                .unwrap(PGConnection.class)
                .getBackendPID();
        assertThat(advisoryLockHolders()).containsExactly(nextBackend);
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT pid FROM gateway_node")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(ProcessHandle.current().pid());
            assertThat(rs.next()).as("the killed node's row is replaced").isFalse();
        }
        registry.close();
        registry = null;
        assertThat(advisoryLockHolders()).isEmpty();
    }

    /**
     * Concurrency per aggregate: while another session holds one thing's row lock (as a slow writer would), an
     * UpdateThing on that thing waits, and 50 writers on 50 other things all finish. With one database-wide write lock
     * the waiting writer would hold it and stop every other writer.
     */
    @Test
    void writersOnOtherAggregatesProceedWhileOneAggregateIsLocked() throws Exception {
        for (int i = 0; i < 50; i++) {
            registry.things().createThing(new CreateThingRequest("free-" + i, null, java.util.Map.of()));
        }
        registry.things().createThing(new CreateThingRequest("held", null, java.util.Map.of()));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(51);
        try (Connection holder = DriverManager.getConnection(url)) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement
                        .executeQuery("SELECT name FROM things WHERE name = 'held' FOR UPDATE")
                        .close();
            }
            var blocked = pool.submit(() -> registry.things()
                    .updateThing(new io.thingcore.registry.UpdateThingRequest(
                            "held", null, java.util.Map.of("a", "1"), true, null, false)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (waitingForLocks() == 0) {
                assertThat(System.nanoTime())
                        .as("the writer on the held thing never waited")
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> others = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String name = "free-" + i;
                others.add(pool.submit(() -> registry.things()
                        .updateThing(new io.thingcore.registry.UpdateThingRequest(
                                name, null, java.util.Map.of("a", "1"), true, 1L, false))));
            }
            for (var other : others) {
                other.get(30, TimeUnit.SECONDS);
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println(
                    "50 writers on other things finished in " + elapsedMillis + " ms while one thing's row was locked");
            assertThat(blocked.isDone())
                    .as("the writer on the held thing waits for its row")
                    .isFalse();
            holder.rollback();
            blocked.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < 50; i++) {
            assertThat(registry.things().describeThing("free-" + i).version()).isEqualTo(2);
        }
        assertThat(registry.things().describeThing("held").version()).isEqualTo(2);
    }

    /**
     * Sessions of this database waiting for a lock on a things row (PostgreSQL documentation, "The Cumulative
     * Statistics System": {@code pg_stat_activity.wait_event_type} is {@code Lock} while a row lock is awaited).
     */
    private long waitingForLocks() throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname ="
                        + " current_database() AND wait_event_type = 'Lock' AND query LIKE '%FROM things%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Backends holding this schema's node lock: pg_locks shows a two-key advisory lock with the first key as
     * {@code classid}, the second as {@code objid} and {@code objsubid} 2 (PostgreSQL documentation, "pg_locks").
     */
    private List<Integer> advisoryLockHolders() throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                PreparedStatement statement = connection.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = "
                        + "'advisory' AND granted AND classid = ?::bigint AND objid = ?::bigint AND objsubid = 2 "
                        + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            statement.setLong(1, Integer.toUnsignedLong(NodeLock.NAMESPACE));
            statement.setLong(2, Integer.toUnsignedLong(NodeLock.Postgres.schemaKey(schema.name())));
            List<Integer> pids = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    pids.add(rs.getInt(1));
                }
            }
            return pids;
        }
    }
}
