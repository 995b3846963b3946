package io.thingcore.jobs.ota;

import io.thingcore.registry.Account;
import io.thingcore.storage.Database;
import io.thingcore.storage.MigrationTrack;
import io.thingcore.storage.Storage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The OTA updates of every namespace, on the table of its own migration track ({@link #TRACK}), in portable SQL
 * (SQLite and PostgreSQL) on the storage core's connection pool. Each method is one statement.
 */
public final class OtaUpdateStore {
    /** The OTA update table's schema scripts, recorded under the track {@code ota_updates}. */
    public static final MigrationTrack TRACK =
            new MigrationTrack("ota_updates", "/io/thingcore/jobs/ota/migrations/", List.of("V001__ota_updates.sql"));

    /** One page of ListOTAUpdates. */
    public record Page(
            List<OtaUpdateRecord> updates, @Nullable String nextToken) {}

    private final Database database;

    public OtaUpdateStore(Database database) {
        this.database = database;
    }

    /** Applies the track to {@code storage} and returns the store on its connection pool. */
    public static OtaUpdateStore open(Storage storage) {
        storage.migrate(TRACK, Map.of());
        return new OtaUpdateStore(storage.database());
    }

    /** Inserts {@code update}; false when its ID is taken in its namespace (the loser of a concurrent create). */
    public boolean insert(OtaUpdateRecord update) {
        return database.write(sql -> {
            try (PreparedStatement p = sql.connection()
                    .prepareStatement("INSERT INTO ota_updates (account_id, region, ota_update_id, status, created_at,"
                            + " info, created_stream_id) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, ota_update_id)"
                            + " DO NOTHING")) {
                p.setString(1, update.namespace().accountId());
                p.setString(2, update.namespace().region());
                p.setString(3, update.otaUpdateId());
                p.setString(4, update.status());
                p.setLong(5, update.createdAt().toEpochMilli());
                p.setString(6, update.info());
                p.setString(7, update.createdStreamId());
                return p.executeUpdate() == 1;
            }
        });
    }

    public Optional<OtaUpdateRecord> find(Account namespace, String otaUpdateId) {
        return database.read(sql -> {
            try (PreparedStatement p = sql.connection()
                    .prepareStatement(
                            "SELECT ota_update_id, status, created_at, info, created_stream_id FROM ota_updates"
                                    + " WHERE account_id = ? AND region = ? AND ota_update_id = ?")) {
                p.setString(1, namespace.accountId());
                p.setString(2, namespace.region());
                p.setString(3, otaUpdateId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(record(namespace, r)) : Optional.empty();
                }
            }
        });
    }

    /**
     * The updates of {@code namespace}, newest first, optionally of one status; {@code nextToken} is the opaque token
     * of the previous page (the count of rows already returned).
     *
     * @throws IllegalArgumentException for a token this store did not make
     */
    public Page list(Account namespace, @Nullable String status, int maxResults, @Nullable String nextToken) {
        int offset = offset(nextToken);
        return database.read(sql -> {
            String filter = status == null ? "" : " AND status = ?";
            try (PreparedStatement p = sql.connection()
                    .prepareStatement(
                            "SELECT ota_update_id, status, created_at, info, created_stream_id FROM ota_updates"
                                    + " WHERE account_id = ? AND region = ?" + filter
                                    + " ORDER BY created_at DESC, ota_update_id DESC LIMIT ? OFFSET ?")) {
                int i = 1;
                p.setString(i++, namespace.accountId());
                p.setString(i++, namespace.region());
                if (status != null) {
                    p.setString(i++, status);
                }
                p.setInt(i++, maxResults + 1);
                p.setInt(i, offset);
                List<OtaUpdateRecord> updates = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        updates.add(record(namespace, r));
                    }
                }
                if (updates.size() > maxResults) {
                    return new Page(List.copyOf(updates.subList(0, maxResults)), Integer.toString(offset + maxResults));
                }
                return new Page(updates, null);
            }
        });
    }

    private static int offset(@Nullable String nextToken) {
        if (nextToken == null) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(nextToken);
            if (offset > 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // refused below, as any other token this store did not make
        }
        throw new IllegalArgumentException("nextToken is not a token of ListOTAUpdates");
    }

    /** Deletes the update; false when there was none. */
    public boolean delete(Account namespace, String otaUpdateId) {
        return database.write(sql -> {
            try (PreparedStatement p = sql.connection()
                    .prepareStatement(
                            "DELETE FROM ota_updates WHERE account_id = ? AND region = ? AND ota_update_id = ?")) {
                p.setString(1, namespace.accountId());
                p.setString(2, namespace.region());
                p.setString(3, otaUpdateId);
                return p.executeUpdate() == 1;
            }
        });
    }

    private static OtaUpdateRecord record(Account namespace, ResultSet r) throws SQLException {
        return new OtaUpdateRecord(
                namespace,
                r.getString(1),
                r.getString(2),
                Instant.ofEpochMilli(r.getLong(3)),
                r.getString(4),
                r.getString(5));
    }
}
