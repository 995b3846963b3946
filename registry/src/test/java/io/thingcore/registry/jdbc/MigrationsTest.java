package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {
    @Test
    void everyListedMigrationExistsAndIsNumberedInOrder() {
        int expected = 1;
        for (String migration : Migrations.ALL) {
            assertThat(Migrations.version(migration)).isEqualTo(expected++);
            assertThat(Migrations.statements(Migrations.read(migration))).isNotEmpty();
        }
        assertThat(Migrations.latestVersion()).isEqualTo(Migrations.ALL.size());
    }

    @Test
    void splitsStatementsAtLineEndSemicolonsAndDropsComments() {
        assertThat(Migrations.statements("-- comment\nCREATE TABLE a (x TEXT);\n\nCREATE INDEX i\n  ON a (x);\n"))
                .isEqualTo(List.of("CREATE TABLE a (x TEXT)", "CREATE INDEX i\n  ON a (x)"));
    }
}
