package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.storage.DatabaseInUseException;
import io.thingcore.storage.DatabaseUrl;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on SQLite, the default store: one fresh database file per test. */
class SqliteRegistryTest extends RegistryContractTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @TempDir
    Path directory;

    @Override
    protected String freshDatabaseUrl() {
        return "jdbc:sqlite:" + directory.resolve("nested/registry-" + COUNTER.incrementAndGet() + ".db");
    }

    @Test
    void databaseRunsInWalMode() throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void aSecondRegistryOnTheSameFileIsRefusedWithThePidUntilTheFirstCloses() {
        Path file = DatabaseUrl.parse(url).sqliteFile();
        assertThat(file.resolveSibling(file.getFileName() + ".lock")).exists();
        assertThatThrownBy(
                        () -> JdbcRegistry.open(url, ACCOUNT, deviceCa.as(CertificateAuthority::of), Clock.systemUTC()))
                .isInstanceOf(DatabaseInUseException.class)
                .hasMessage("the database " + file + " is in use by pid "
                        + ProcessHandle.current().pid()
                        + " (another thingcore gateway); several nodes on one database are not supported yet: "
                        + "revocations and other changes would not reach the other node");
        registry.things().createThing(new CreateThingRequest("DIC_2", null, null));
        registry.close();
        registry = open();
        assertThat(registry.things().describeThing("DIC_2").thingName()).isEqualTo("DIC_2");
    }

    /**
     * Group commit: concurrent writes share the writer's batches, and a write refused inside the transaction (a
     * duplicate policy) rolls back only itself; every accepted write is durable (still there after reopening).
     */
    @Test
    void aRefusedWriteInAGroupCommitRollsBackOnlyItself() throws Exception {
        List<Object> results = concurrently(
                20,
                i -> i % 2 == 0
                        ? registry.things()
                                .createThing(new CreateThingRequest("batched-" + i, null, null))
                                .thingName()
                        : registry.policies()
                                .createPolicy("dup", ALLOW_ALL, List.of())
                                .policyName());
        assertThat(results)
                .filteredOn(r -> r instanceof io.thingcore.registry.RegistryException e
                        && e.type() == io.thingcore.registry.ErrorType.RESOURCE_ALREADY_EXISTS)
                .hasSize(9);
        reopen();
        for (int i = 0; i < 20; i += 2) {
            assertThat(registry.things().describeThing("batched-" + i).thingName())
                    .isEqualTo("batched-" + i);
        }
        assertThat(registry.policies().listPolicyVersions("dup")).hasSize(1);
    }
}
