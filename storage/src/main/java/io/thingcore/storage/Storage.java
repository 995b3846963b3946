package io.thingcore.storage;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's opened database: the {@link NodeLock} taken first, the one connection pool ({@link Database}) every
 * store shares, and the storage core's own migration track. Each store family then applies its own
 * {@link MigrationTrack} with {@link #migrate} when it opens on this storage.
 */
public final class Storage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final Database database;
    private final NodeLock nodeLock;
    private final Clock clock;

    private Storage(Database database, NodeLock nodeLock, Clock clock) {
        this.database = database;
        this.nodeLock = nodeLock;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) the database as its only gateway node.
     *
     * @param databaseUrl {@code jdbc:sqlite:/path/file.db}, {@code jdbc:postgresql://host:port/db?user=..&password=..}
     *     or {@code postgresql://user:password@host:port/db}
     * @throws IllegalArgumentException for an unsupported URL
     * @throws DatabaseInUseException when another gateway uses the database
     * @throws IllegalStateException when the database cannot be opened or has a newer schema than this build
     */
    public static Storage open(String databaseUrl, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        return open(url, NodeLock.acquire(url), clock);
    }

    /**
     * Opens the database as a further node beside the gateway that holds its node lock, without the lock: for
     * several registry nodes on one database, which the registry's change feed keeps current with each other
     * (docs/adr/0009-change-feed.md). A gateway never opens its database this way: MQTT sessions and retained messages
     * are not shared between nodes yet, so a second gateway stays refused (docs/adr/0006-one-gateway-node-per-database.md).
     */
    public static Storage openAdditionalNode(String databaseUrl, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return open(DatabaseUrl.parse(databaseUrl), new NodeLock.None(), clock);
    }

    private static Storage open(DatabaseUrl url, NodeLock nodeLock, Clock clock) {
        Database database;
        try {
            database = Database.open(url);
        } catch (RuntimeException e) {
            nodeLock.close();
            throw e;
        }
        try {
            Migrations.apply(database, clock, Migrations.STORAGE, Map.of());
            nodeLock.recordHolder(clock);
            LOG.info("database open: {}", url);
            return new Storage(database, nodeLock, clock);
        } catch (RuntimeException e) {
            database.close();
            nodeLock.close();
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    /** The node lock, for tests that cut its session as a killed node would. */
    public NodeLock nodeLock() {
        return nodeLock;
    }

    /** Applies a store family's track; see {@link Migrations#apply}. */
    public void migrate(MigrationTrack track, Map<String, String> parameters) {
        Migrations.apply(database, clock, track, parameters);
    }

    /** Closes the pool, then releases the node lock: no write of this node can follow the next node's start. */
    @Override
    public void close() {
        try {
            database.close();
        } finally {
            nodeLock.close();
        }
    }
}
