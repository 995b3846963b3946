package io.thingcore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path directory;

    @Test
    void everyScriptOfTheStorageTrackExists() {
        for (String script : Migrations.STORAGE.scripts()) {
            assertThat(Migrations.statements(Migrations.STORAGE.read(script, DatabaseUrl.Dialect.SQLITE)))
                    .isNotEmpty();
        }
        assertThat(Migrations.STORAGE.latestVersion()).isEqualTo(1);
    }

    @Test
    void aTrackIsNumberedFromOneWithoutGaps() {
        assertThatThrownBy(() -> new MigrationTrack("x", "/x/", List.of("V002__b.sql")))
                .hasMessageContaining("should be numbered 1");
    }

    @Test
    void splitsStatementsAtLineEndSemicolonsAndDropsComments() {
        assertThat(Migrations.statements("-- comment\nCREATE TABLE a (x TEXT);\n\nCREATE INDEX i\n  ON a (x);\n"))
                .isEqualTo(List.of("CREATE TABLE a (x TEXT)", "CREATE INDEX i\n  ON a (x)"));
    }

    @Test
    void substitutesParametersAsStringLiteralContent() {
        assertThat(Migrations.substitute(
                        "UPDATE t SET a = '${account_id}', r = '${region}'",
                        Map.of("account_id", "123456789012", "region", "it's")))
                .isEqualTo("UPDATE t SET a = '123456789012', r = 'it''s'");
        assertThatThrownBy(() -> Migrations.substitute("${missing}", Map.of()))
                .hasMessageContaining("migration parameter missing is not given");
    }

    @Test
    void legacySchemaVersionRowsMoveToTheirTracksAndOldBuildsSeeANewerSchema() throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("legacy.db");
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
                    + " applied_at BIGINT NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (1, 'V001__initial.sql', 11),"
                    + " (2, 'V002__sessions.sql', 22), (3, 'V003__gateway_node.sql', 33)");
            statement.execute("CREATE TABLE gateway_node (node_id TEXT PRIMARY KEY, host TEXT NOT NULL,"
                    + " pid BIGINT NOT NULL, started_at BIGINT NOT NULL)");
        }
        try (Storage storage = Storage.open(url, Clock.systemUTC())) {
            assertThat(storage.database().dialect()).isEqualTo(DatabaseUrl.Dialect.SQLITE);
        }
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery(
                    "SELECT track, version, name, applied_at FROM schema_migrations ORDER BY applied_at")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getLong(4));
                }
            }
            assertThat(rows)
                    .containsExactly(
                            "registry 1 V001__initial.sql 11",
                            "sessions 1 V001__sessions.sql 22",
                            "storage 1 V001__gateway_node.sql 33");
            try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(Migrations.LEGACY_TOMBSTONE);
            }
        }
    }

    @Test
    void aLegacyVersionNewerThanThisBuildIsRefused() throws Exception {
        String url = "jdbc:sqlite:" + directory.resolve("newer.db");
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE schema_version (version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
                    + " applied_at BIGINT NOT NULL)");
            statement.execute("INSERT INTO schema_version VALUES (4, 'V004__future.sql', 1)");
        }
        assertThatThrownBy(() -> Storage.open(url, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema version 4, newer than this thingcore knows");
    }
}
