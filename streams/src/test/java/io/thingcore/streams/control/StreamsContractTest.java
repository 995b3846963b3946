package io.thingcore.streams.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.registry.Account;
import io.thingcore.storage.Storage;
import io.thingcore.streams.files.LocalFileStore;
import io.thingcore.streams.model.S3Location;
import io.thingcore.streams.model.Stream;
import io.thingcore.streams.model.StreamFile;
import io.thingcore.streams.model.StreamsErrorType;
import io.thingcore.streams.model.StreamsException;
import io.thingcore.streams.store.JdbcStreamStore;
import io.thingcore.streams.store.StreamPage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream operations with AWS's rules ({@code iot} API model: {@code CreateStream}, {@code DescribeStream},
 * {@code ListStreams}, {@code UpdateStream}, {@code DeleteStream}), over the JDBC store on one database engine.
 */
abstract class StreamsContractTest {
    static final Account NS = new Account("123456789012", "us-east-1");
    static final Account OTHER = new Account("210987654321", "eu-west-1");
    static final String ROLE = "arn:aws:iam::123456789012:role/stream-reader";

    @TempDir
    Path files;

    MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    LocalFileStore store;
    Streams streams;
    Storage storage;

    /** A JDBC URL of an empty database of this test's own. */
    protected abstract String freshDatabaseUrl() throws Exception;

    protected void dropDatabase() throws Exception {}

    @BeforeEach
    void open() throws Exception {
        storage = Storage.open(freshDatabaseUrl(), clock);
        store = new LocalFileStore(files);
        streams = new Streams(JdbcStreamStore.open(storage), store, clock);
    }

    @AfterEach
    void drop() throws Exception {
        // A subclass that skipped in its set-up (no database configured) opened nothing.
        if (storage != null) {
            storage.close();
        }
        dropDatabase();
    }

    StreamFile file(int id, String key, String content) throws Exception {
        store.put("firmware", key, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        return new StreamFile(id, new S3Location("firmware", key, null));
    }

    Stream create(Account ns, String id, StreamFile... files) {
        return streams.create(ns, new CreateStreamRequest(id, "image for " + id, List.of(files), ROLE));
    }

    @Test
    void create_thenDescribe_showsVersionOneArnFilesAndSizes() throws Exception {
        Stream created = create(NS, "ota-1", file(1, "app.gbl", "hello"), file(0, "boot.bin", "boot!!"));
        assertThat(created.version()).isEqualTo(1);
        assertThat(created.arn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:stream/ota-1");

        Stream described = streams.describe(NS, "ota-1");
        assertThat(described.description()).isEqualTo("image for ota-1");
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.createdAt()).isEqualTo(clock.instant());
        assertThat(described.files()).extracting(f -> f.fileId()).containsExactly(0, 1);
        assertThat(described.file(1).orElseThrow().size()).isEqualTo(5);
        assertThat(described.file(1).orElseThrow().file().s3Location())
                .isEqualTo(new S3Location("firmware", "app.gbl", null));
    }

    @Test
    void create_recordsEachFilesSha256_andCheckFindsTheObjectIntactChangedOrGone() throws Exception {
        Stream created = create(NS, "checked", file(0, "app.gbl", "hello"), file(1, "boot.bin", "boot!!"));
        String helloSha = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest("hello".getBytes(StandardCharsets.UTF_8)));
        Stream described = streams.describe(NS, "checked");
        assertThat(described.file(0).orElseThrow().sha256()).isEqualTo(helloSha);
        assertThat(described.file(1).orElseThrow().sha256()).hasSize(64).isNotEqualTo(helloSha);
        assertThat(streams.check(described, 0)).isEmpty();

        // The gateway's own store names a content by its SHA-256: the bytes behind that name changed in place (a
        // disk fault, or an edit of the data directory), keeping the size.
        Path content =
                contentFile("firmware", "app.gbl", created.file(0).orElseThrow().version());
        Files.writeString(content, "jello", StandardCharsets.UTF_8);
        assertThat(streams.check(described, 0)).hasValueSatisfying(failure -> {
            assertThat(failure.fileId()).isZero();
            assertThat(failure.reason()).isEqualTo(FileCheckFailure.Reason.CHANGED);
            assertThat(failure.message())
                    .contains("5 bytes with SHA-256 ")
                    .contains("pinned 5 bytes with SHA-256 " + helloSha);
        });
        Files.delete(content);
        assertThat(streams.check(described, 0))
                .hasValueSatisfying(failure -> assertThat(failure.reason()).isEqualTo(FileCheckFailure.Reason.MISSING));
        assertThat(streams.check(described, 1)).isEmpty();
        assertThatThrownBy(() -> streams.check(described, 7))
                .isInstanceOfSatisfying(
                        StreamsException.class,
                        e -> assertThat(e.type()).isEqualTo(StreamsErrorType.RESOURCE_NOT_FOUND));
    }

    @Test
    void aFilePinnedBeforeSha256sWereRecorded_isCheckedBySizeOnly() throws Exception {
        StreamFile legacy = file(0, "legacy.gbl", "hello");
        String version = store.describe(legacy.s3Location()).version();
        // A row as schema version 1 wrote it: V002__stream_file_sha256.sql leaves its sha256 NULL.
        storage.database().write(sql -> {
            try (var p = sql.connection()
                    .prepareStatement("INSERT INTO streams (account_id, region, stream_id, version, description,"
                            + " role_arn, created_at, last_updated_at) VALUES (?, ?, 'legacy', 1, NULL, ?, 0, 0)")) {
                p.setString(1, NS.accountId());
                p.setString(2, NS.region());
                p.setString(3, ROLE);
                p.executeUpdate();
            }
            try (var p = sql.connection()
                    .prepareStatement("INSERT INTO stream_files (account_id, region, stream_id, file_id, bucket,"
                            + " object_key, object_version, size_bytes, pinned_version, etag) VALUES (?, ?, 'legacy', 0,"
                            + " 'firmware', 'legacy.gbl', NULL, 5, ?, ?)")) {
                p.setString(1, NS.accountId());
                p.setString(2, NS.region());
                p.setString(3, version);
                p.setString(4, version);
                p.executeUpdate();
            }
            return null;
        });
        Stream described = streams.describe(NS, "legacy");
        assertThat(described.file(0).orElseThrow().sha256()).isNull();
        assertThat(streams.check(described, 0)).isEmpty();

        Files.writeString(contentFile("firmware", "legacy.gbl", version), "hello, longer", StandardCharsets.UTF_8);
        assertThat(streams.check(described, 0)).hasValueSatisfying(failure -> {
            assertThat(failure.reason()).isEqualTo(FileCheckFailure.Reason.CHANGED);
            assertThat(failure.message()).endsWith("but the stream pinned 5 bytes");
        });
    }

    /** Where {@link LocalFileStore} keeps a version's content: {@code <root>/<bucket>/<sha256(key)>/v/<version>}. */
    private Path contentFile(String bucket, String key, String version) throws Exception {
        String hashedKey = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        Path content = files.resolve(bucket).resolve(hashedKey).resolve("v").resolve(version);
        assertThat(content).isRegularFile();
        return content;
    }

    @Test
    void createTwice_resourceAlreadyExistsWithIdAndArn() throws Exception {
        create(NS, "dup", file(0, "a", "x"));
        assertThatThrownBy(() -> create(NS, "dup", file(0, "b", "y")))
                .isInstanceOfSatisfying(StreamsException.class, e -> {
                    assertThat(e.type()).isEqualTo(StreamsErrorType.RESOURCE_ALREADY_EXISTS);
                    assertThat(e.resourceId()).isEqualTo("dup");
                    assertThat(e.resourceArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:stream/dup");
                });
        assertThat(streams.describe(NS, "dup").file(0).orElseThrow().size()).isEqualTo(1);
    }

    @Test
    void invalidInput_invalidRequestAndNothingStored() throws Exception {
        StreamFile ok = file(0, "ok", "x");
        List<CreateStreamRequest> bad = List.of(
                new CreateStreamRequest("has space", null, List.of(ok), ROLE),
                new CreateStreamRequest("x".repeat(129), null, List.of(ok), ROLE),
                new CreateStreamRequest("", null, List.of(ok), ROLE),
                new CreateStreamRequest("s1", "d".repeat(2029), List.of(ok), ROLE),
                new CreateStreamRequest("s1", "line\nbreak", List.of(ok), ROLE),
                new CreateStreamRequest("s1", null, List.of(), ROLE),
                new CreateStreamRequest("s1", null, null, ROLE),
                new CreateStreamRequest("s1", null, List.of(ok), "arn:short"),
                new CreateStreamRequest("s1", null, List.of(ok), null),
                new CreateStreamRequest("s1", null, List.of(new StreamFile(256, ok.s3Location())), ROLE),
                new CreateStreamRequest("s1", null, List.of(new StreamFile(-1, ok.s3Location())), ROLE),
                new CreateStreamRequest("s1", null, List.of(ok, new StreamFile(0, ok.s3Location())), ROLE),
                new CreateStreamRequest(
                        "s1", null, List.of(new StreamFile(0, new S3Location("firmware", "", null))), ROLE),
                new CreateStreamRequest(
                        "s1",
                        null,
                        IntStream.range(0, 51)
                                .mapToObj(i -> new StreamFile(i, ok.s3Location()))
                                .toList(),
                        ROLE));
        for (CreateStreamRequest request : bad) {
            assertThatThrownBy(() -> streams.create(NS, request))
                    .as(request.toString()
                            .substring(0, Math.min(120, request.toString().length())))
                    .isInstanceOfSatisfying(
                            StreamsException.class,
                            e -> assertThat(e.type()).isEqualTo(StreamsErrorType.INVALID_REQUEST));
        }
        assertThat(streams.list(NS, null, null, null).streams()).isEmpty();
    }

    @Test
    void fiftyFiles_areTheMost() throws Exception {
        StreamFile ok = file(0, "ok", "x");
        List<StreamFile> fifty = IntStream.range(0, 50)
                .mapToObj(i -> new StreamFile(i * 5, ok.s3Location()))
                .toList();
        assertThat(streams.create(NS, new CreateStreamRequest("many", null, fifty, ROLE))
                        .files())
                .hasSize(50);
        assertThat(streams.describe(NS, "many").files()).hasSize(50);
    }

    @Test
    void fileThatIsNotInTheStore_resourceNotFound() {
        assertThatThrownBy(() -> streams.create(
                        NS,
                        new CreateStreamRequest(
                                "s", null, List.of(new StreamFile(0, new S3Location("firmware", "none", null))), ROLE)))
                .isInstanceOfSatisfying(
                        StreamsException.class,
                        e -> assertThat(e.type()).isEqualTo(StreamsErrorType.RESOURCE_NOT_FOUND));
    }

    @Test
    void update_incrementsVersionAndKeepsWhatWasNotGiven() throws Exception {
        create(NS, "u", file(0, "v1", "one"));
        clock.advance(Duration.ofMinutes(5));
        Stream updated = streams.update(NS, new UpdateStreamRequest("u", "second", null, null));
        assertThat(updated.version()).isEqualTo(2);
        Stream described = streams.describe(NS, "u");
        assertThat(described.version()).isEqualTo(2);
        assertThat(described.description()).isEqualTo("second");
        assertThat(described.roleArn()).isEqualTo(ROLE);
        assertThat(described.file(0).orElseThrow().size()).isEqualTo(3);
        assertThat(described.lastUpdatedAt()).isEqualTo(clock.instant());
        assertThat(described.createdAt()).isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));

        streams.update(NS, new UpdateStreamRequest("u", null, List.of(file(7, "v2", "seven!!")), null));
        Stream third = streams.describe(NS, "u");
        assertThat(third.version()).isEqualTo(3);
        assertThat(third.files()).extracting(f -> f.fileId()).containsExactly(7);
        assertThat(third.description()).isEqualTo("second");
    }

    @Test
    void unknownStream_resourceNotFoundEverywhere() {
        for (Runnable call : List.<Runnable>of(
                () -> streams.describe(NS, "nope"),
                () -> streams.update(NS, new UpdateStreamRequest("nope", "d", null, null)),
                () -> streams.delete(NS, "nope"))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(
                            StreamsException.class,
                            e -> assertThat(e.type()).isEqualTo(StreamsErrorType.RESOURCE_NOT_FOUND));
        }
        assertThat(streams.find(NS, "nope")).isEmpty();
    }

    @Test
    void delete_removesStreamAndFiles_andTheIdCanBeReused() throws Exception {
        create(NS, "d", file(0, "a", "x"));
        assertThat(streams.find(NS, "d")).isPresent();
        streams.delete(NS, "d");
        assertThat(streams.find(NS, "d")).isEmpty();
        assertThatThrownBy(() -> streams.describe(NS, "d")).isInstanceOf(StreamsException.class);
        assertThat(create(NS, "d", file(3, "b", "yy")).version()).isEqualTo(1);
        assertThat(streams.describe(NS, "d").files())
                .extracting(f -> f.fileId())
                .containsExactly(3);
    }

    @Test
    void find_seesUpdatesMadeThroughTheSameObject() throws Exception {
        create(NS, "c", file(0, "a", "x"));
        assertThat(streams.find(NS, "c").orElseThrow().version()).isEqualTo(1);
        streams.update(NS, new UpdateStreamRequest("c", "new", null, null));
        assertThat(streams.find(NS, "c").orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void namespaces_neverSeeEachOther() throws Exception {
        create(NS, "same", file(0, "a", "x"));
        create(OTHER, "same", file(1, "b", "yy"));
        assertThat(streams.describe(NS, "same").files())
                .extracting(f -> f.fileId())
                .containsExactly(0);
        assertThat(streams.describe(OTHER, "same").arn()).isEqualTo("arn:aws:iot:eu-west-1:210987654321:stream/same");
        streams.delete(OTHER, "same");
        assertThat(streams.find(NS, "same")).isPresent();
        assertThat(streams.list(OTHER, null, null, null).streams()).isEmpty();
    }

    @Test
    void list_pagesNewestFirst_orOldestFirst() throws Exception {
        StreamFile f = file(0, "a", "x");
        for (int i = 0; i < 5; i++) {
            create(NS, "s" + i, f);
            clock.advance(Duration.ofSeconds(1));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            StreamPage page = streams.list(NS, 2, token, null);
            assertThat(page.streams().size()).isLessThanOrEqualTo(2);
            page.streams().forEach(s -> seen.add(s.streamId()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("s4", "s3", "s2", "s1", "s0");

        StreamPage ascending = streams.list(NS, 3, null, true);
        assertThat(ascending.streams()).extracting(Stream::streamId).containsExactly("s0", "s1", "s2");
        assertThat(streams.list(NS, 3, ascending.nextToken(), true).streams())
                .extracting(Stream::streamId)
                .containsExactly("s3", "s4");

        assertThatThrownBy(() -> streams.list(NS, 251, null, null)).isInstanceOf(StreamsException.class);
        assertThatThrownBy(() -> streams.list(NS, 0, null, null)).isInstanceOf(StreamsException.class);
        assertThatThrownBy(() -> streams.list(NS, 2, "garbage!", null))
                .isInstanceOfSatisfying(
                        StreamsException.class, e -> assertThat(e.type()).isEqualTo(StreamsErrorType.INVALID_REQUEST));
    }

    @Test
    void migrate_twice_isHarmless() throws Exception {
        storage.migrate(JdbcStreamStore.TRACK, Map.of());
        create(NS, "m", file(0, "a", "x"));
        storage.migrate(JdbcStreamStore.TRACK, Map.of());
        assertThat(streams.describe(NS, "m").version()).isEqualTo(1);
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
