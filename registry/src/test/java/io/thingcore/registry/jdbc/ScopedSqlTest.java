package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.registry.Account;
import org.junit.jupiter.api.Test;

class ScopedSqlTest {
    private final ScopedSql sql = new ScopedSql(null, new Account("123456789012", "eu-west-1"));

    @Test
    void theNamespaceIsBoundWhereItsMarkerStands() {
        ScopedSql.Bound bound = sql.bind("UPDATE t SET a = ? WHERE {ns} AND name = ?", "x", "n");
        assertThat(bound.text()).isEqualTo("UPDATE t SET a = ? WHERE account_id = ? AND region = ? AND name = ?");
        assertThat(bound.args()).containsExactly("x", "123456789012", "eu-west-1", "n");
    }

    @Test
    void aliasesAndInsertValues() {
        assertThat(sql.bind("SELECT 1 FROM t x WHERE {ns:x}").text())
                .isEqualTo("SELECT 1 FROM t x WHERE x.account_id = ? AND x.region = ?");
        ScopedSql.Bound insert = sql.bind("INSERT INTO t (account_id, region, a) VALUES ({nsv}, ?)", 7L);
        assertThat(insert.text()).isEqualTo("INSERT INTO t (account_id, region, a) VALUES (?, ?, ?)");
        assertThat(insert.args()).containsExactly("123456789012", "eu-west-1", 7L);
    }

    @Test
    void parametersAndArgumentsMustMatch() {
        assertThatThrownBy(() -> sql.bind("SELECT 1 WHERE {ns} AND a = ?")).hasMessageContaining("more parameters");
        assertThatThrownBy(() -> sql.bind("SELECT 1 WHERE {ns}", "x")).hasMessageContaining("more arguments");
    }
}
