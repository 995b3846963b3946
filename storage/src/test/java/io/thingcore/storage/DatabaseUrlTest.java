package io.thingcore.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void acceptsSqliteAndJdbcPostgres() {
        assertThat(DatabaseUrl.parse("jdbc:sqlite:/data/registry.db"))
                .isEqualTo(new DatabaseUrl(DatabaseUrl.Dialect.SQLITE, "jdbc:sqlite:/data/registry.db"));
        String pg = "jdbc:postgresql://db:5432/thingcore?user=u&password=p";
        assertThat(DatabaseUrl.parse(pg)).isEqualTo(new DatabaseUrl(DatabaseUrl.Dialect.POSTGRESQL, pg));
    }

    @Test
    void convertsLibpqUrls() {
        assertThat(DatabaseUrl.parse("postgresql://thing%40core:p%3Ass@db.local:6543/registry")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.local:6543/registry?user=thing%40core&password=p%3Ass");
        assertThat(DatabaseUrl.parse("postgres://db/registry?sslmode=require").jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/registry?sslmode=require");
        assertThat(DatabaseUrl.parse("postgresql://u:pw@db/registry?sslmode=require")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/registry?user=u&password=pw&sslmode=require");
    }

    @Test
    void refusesEverythingElseClearly() {
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:mysql://db/x?password=secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported database URL")
                .hasMessageContaining("jdbc:sqlite:")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> DatabaseUrl.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseUrl.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseUrl.parse("jdbc:sqlite::memory:"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://user:pw@/nodb"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Storage.open("mongodb://x", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redactsPasswords() {
        assertThat(DatabaseUrl.redact("jdbc:postgresql://db/x?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://db/x?user=u&password=***");
        assertThat(DatabaseUrl.redact("postgresql://u:secret@db/x")).isEqualTo("postgresql://u:***@db/x");
    }
}
