package io.thingcore.jobs.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.jobs.testing.TestDatabases;
import io.thingcore.registry.Account;
import io.thingcore.storage.Storage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTA update records on SQLite and PostgreSQL: one per ID and namespace, newest first, paged, filtered. */
class OtaUpdateStoreTest {
    static final Account ACCOUNT = new Account("123456789012", "us-east-1");
    static final Account OTHER_REGION = new Account("123456789012", "eu-west-1");
    static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void sqlite() throws Exception {
        try (TestDatabases.Database database = TestDatabases.sqlite(dir)) {
            exercise(database);
        }
    }

    @Test
    void postgres() throws Exception {
        try (TestDatabases.Database database = TestDatabases.postgres()) {
            exercise(database);
        }
    }

    static OtaUpdateRecord update(Account namespace, String id, String status, int second) {
        return new OtaUpdateRecord(
                namespace, id, status, T0.plusSeconds(second), "{\"otaUpdateId\":\"" + id + "\"}", "AFR_OTA-" + id);
    }

    private static void exercise(TestDatabases.Database database) {
        try (Storage storage = database.open()) {
            OtaUpdateStore store = OtaUpdateStore.open(storage);
            assertThat(store.insert(update(ACCOUNT, "a", "CREATE_COMPLETE", 1))).isTrue();
            assertThat(store.insert(update(ACCOUNT, "a", "CREATE_COMPLETE", 2)))
                    .as("ID taken")
                    .isFalse();
            assertThat(store.insert(update(OTHER_REGION, "a", "CREATE_COMPLETE", 2)))
                    .as("same ID in another region")
                    .isTrue();
            store.insert(update(ACCOUNT, "b", "CREATE_FAILED", 2));
            store.insert(update(ACCOUNT, "c", "CREATE_COMPLETE", 3));

            assertThat(store.find(ACCOUNT, "a")).get().satisfies(found -> {
                assertThat(found.createdAt()).isEqualTo(T0.plusSeconds(1));
                assertThat(found.info()).isEqualTo("{\"otaUpdateId\":\"a\"}");
                assertThat(found.createdStreamId()).isEqualTo("AFR_OTA-a");
            });
            assertThat(store.find(ACCOUNT, "z")).isEmpty();

            List<String> ids = new ArrayList<>();
            String token = null;
            do {
                OtaUpdateStore.Page page = store.list(ACCOUNT, null, 2, token);
                page.updates().forEach(u -> ids.add(u.otaUpdateId()));
                token = page.nextToken();
            } while (token != null);
            assertThat(ids).containsExactly("c", "b", "a");
            assertThat(store.list(ACCOUNT, "CREATE_FAILED", 10, null).updates())
                    .extracting(OtaUpdateRecord::otaUpdateId)
                    .containsExactly("b");
            assertThatThrownBy(() -> store.list(ACCOUNT, null, 2, "garbage"))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(store.delete(ACCOUNT, "a")).isTrue();
            assertThat(store.delete(ACCOUNT, "a")).isFalse();
            assertThat(store.find(OTHER_REGION, "a")).isPresent();
        }
        try (Storage reopened = database.open()) {
            assertThat(OtaUpdateStore.open(reopened).find(ACCOUNT, "c"))
                    .as("survives a reopen")
                    .isPresent();
        }
    }
}
