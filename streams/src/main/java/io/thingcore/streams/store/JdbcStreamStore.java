package io.thingcore.streams.store;

import io.thingcore.registry.Account;
import io.thingcore.storage.Database;
import io.thingcore.storage.MigrationTrack;
import io.thingcore.storage.Storage;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.S3Location;
import io.thingcore.streams.model.Stream;
import io.thingcore.streams.model.StreamFile;
import io.thingcore.streams.model.StreamsException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@link StreamStore} on the tables of its own migration track ({@link #TRACK}), in portable SQL (SQLite and
 * PostgreSQL), on the storage core's one connection pool: writes go through {@link Database#write} (on SQLite the
 * one writer thread with group commit), reads through {@link Database#read}. Each method is one transaction;
 * database failures surface as the storage core's {@link io.thingcore.storage.StorageException}.
 */
public final class JdbcStreamStore implements StreamStore {
    /** The stream store's schema scripts, applied by the storage core and recorded under the track {@code streams}. */
    public static final MigrationTrack TRACK = new MigrationTrack(
            "streams",
            "/io/thingcore/streams/store/migrations/",
            List.of("V001__streams.sql", "V002__stream_file_sha256.sql"));

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final Database database;

    public JdbcStreamStore(Database database) {
        this.database = database;
    }

    /** Applies the stream store's track to {@code storage} and returns the store on its connection pool. */
    public static JdbcStreamStore open(Storage storage) {
        storage.migrate(TRACK, Map.of());
        return new JdbcStreamStore(storage.database());
    }

    private <T> T write(Work<T> work) {
        return database.write(sql -> work.run(sql.connection()));
    }

    private <T> T read(Work<T> work) {
        return database.read(sql -> work.run(sql.connection()));
    }

    @Override
    public boolean insert(Stream stream) {
        return write(c -> {
            // ON CONFLICT DO NOTHING (SQLite 3.24+, PostgreSQL 9.5+): the loser of a concurrent create sees 0 rows.
            try (PreparedStatement p = c.prepareStatement("INSERT INTO streams (account_id, region, stream_id,"
                    + " version, description, role_arn, created_at, last_updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (account_id, region, stream_id) DO NOTHING")) {
                key(p, stream.namespace(), stream.streamId());
                p.setInt(4, stream.version());
                p.setString(5, stream.description());
                p.setString(6, stream.roleArn());
                p.setLong(7, stream.createdAt().toEpochMilli());
                p.setLong(8, stream.lastUpdatedAt().toEpochMilli());
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            insertFiles(c, stream);
            return true;
        });
    }

    private static void insertFiles(Connection c, Stream stream) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO stream_files (account_id, region, stream_id,"
                + " file_id, bucket, object_key, object_version, size_bytes, pinned_version, etag, sha256)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PinnedFile f : stream.files()) {
                key(p, stream.namespace(), stream.streamId());
                S3Location location = f.file().s3Location();
                p.setInt(4, f.fileId());
                p.setString(5, location.bucket());
                p.setString(6, location.key());
                p.setString(7, location.version());
                p.setLong(8, f.size());
                p.setString(9, f.version());
                p.setString(10, f.etag());
                p.setString(11, f.sha256());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void key(PreparedStatement p, Account namespace, String streamId) throws SQLException {
        p.setString(1, namespace.accountId());
        p.setString(2, namespace.region());
        p.setString(3, streamId);
    }

    @Override
    public Optional<Stream> find(Account namespace, String streamId) {
        return read(c -> {
            try (PreparedStatement p =
                    c.prepareStatement("SELECT version, description, role_arn, created_at, last_updated_at FROM streams"
                            + " WHERE account_id = ? AND region = ? AND stream_id = ?")) {
                key(p, namespace, streamId);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Stream(
                            namespace,
                            streamId,
                            r.getInt(1),
                            r.getString(2),
                            r.getString(3),
                            files(c, namespace, streamId),
                            Instant.ofEpochMilli(r.getLong(4)),
                            Instant.ofEpochMilli(r.getLong(5))));
                }
            }
        });
    }

    private static List<PinnedFile> files(Connection c, Account namespace, String streamId) throws SQLException {
        List<PinnedFile> files = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT file_id, bucket, object_key, object_version, size_bytes, pinned_version, etag, sha256"
                        + " FROM stream_files WHERE account_id = ? AND region = ? AND stream_id = ? ORDER BY file_id")) {
            key(p, namespace, streamId);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    files.add(new PinnedFile(
                            new StreamFile(r.getInt(1), new S3Location(r.getString(2), r.getString(3), r.getString(4))),
                            r.getLong(5),
                            r.getString(6),
                            r.getString(7),
                            r.getString(8)));
                }
            }
        }
        return files;
    }

    @Override
    public StreamPage list(Account namespace, int maxResults, @Nullable String nextToken, boolean ascending) {
        Cursor after = nextToken == null ? null : Cursor.parse(nextToken);
        return read(c -> {
            String order = ascending ? "ASC" : "DESC";
            String keyset = after == null
                    ? ""
                    : ascending
                            ? " AND (created_at > ? OR (created_at = ? AND stream_id > ?))"
                            : " AND (created_at < ? OR (created_at = ? AND stream_id < ?))";
            List<String> ids = new ArrayList<>();
            List<Long> created = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT stream_id, created_at FROM streams"
                    + " WHERE account_id = ? AND region = ?" + keyset
                    + " ORDER BY created_at " + order + ", stream_id " + order + " LIMIT ?")) {
                p.setString(1, namespace.accountId());
                p.setString(2, namespace.region());
                int i = 3;
                if (after != null) {
                    p.setLong(i++, after.createdAt());
                    p.setLong(i++, after.createdAt());
                    p.setString(i++, after.streamId());
                }
                p.setInt(i, maxResults + 1);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getString(1));
                        created.add(r.getLong(2));
                    }
                }
            }
            boolean more = ids.size() > maxResults;
            List<Stream> streams = new ArrayList<>();
            for (int k = 0; k < Math.min(ids.size(), maxResults); k++) {
                String id = ids.get(k);
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT version, description, role_arn, created_at, last_updated_at FROM streams"
                                + " WHERE account_id = ? AND region = ? AND stream_id = ?")) {
                    key(p, namespace, id);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        streams.add(new Stream(
                                namespace,
                                id,
                                r.getInt(1),
                                r.getString(2),
                                r.getString(3),
                                files(c, namespace, id),
                                Instant.ofEpochMilli(r.getLong(4)),
                                Instant.ofEpochMilli(r.getLong(5))));
                    }
                }
            }
            String token = more ? new Cursor(created.get(maxResults - 1), ids.get(maxResults - 1)).format() : null;
            return new StreamPage(streams, token);
        });
    }

    @Override
    public boolean replace(Stream updated, int expectedVersion) {
        return write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE streams SET version = ?, description = ?,"
                    + " role_arn = ?, last_updated_at = ?"
                    + " WHERE account_id = ? AND region = ? AND stream_id = ? AND version = ?")) {
                p.setInt(1, updated.version());
                p.setString(2, updated.description());
                p.setString(3, updated.roleArn());
                p.setLong(4, updated.lastUpdatedAt().toEpochMilli());
                p.setString(5, updated.namespace().accountId());
                p.setString(6, updated.namespace().region());
                p.setString(7, updated.streamId());
                p.setInt(8, expectedVersion);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            deleteFiles(c, updated.namespace(), updated.streamId());
            insertFiles(c, updated);
            return true;
        });
    }

    private static void deleteFiles(Connection c, Account namespace, String streamId) throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("DELETE FROM stream_files WHERE account_id = ? AND region = ? AND stream_id = ?")) {
            key(p, namespace, streamId);
            p.executeUpdate();
        }
    }

    @Override
    public boolean delete(Account namespace, String streamId) {
        return write(c -> {
            try (PreparedStatement p =
                    c.prepareStatement("DELETE FROM streams WHERE account_id = ? AND region = ? AND stream_id = ?")) {
                key(p, namespace, streamId);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            deleteFiles(c, namespace, streamId);
            return true;
        });
    }

    /** The position after the last stream of a page: its creation time and ID, as an opaque base64url token. */
    record Cursor(long createdAt, String streamId) {
        String format() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((createdAt + ":" + streamId).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor parse(String token) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                String id = text.substring(colon + 1);
                if (colon < 1 || !io.thingcore.streams.model.StreamRules.isStreamId(id)) {
                    throw StreamsException.invalid("invalid nextToken");
                }
                return new Cursor(Long.parseLong(text.substring(0, colon)), id);
            } catch (IllegalArgumentException e) {
                throw StreamsException.invalid("invalid nextToken");
            }
        }
    }
}
