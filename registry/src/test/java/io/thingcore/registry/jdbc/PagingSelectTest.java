package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.registry.Account;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.storage.DatabaseUrl;
import io.thingcore.storage.Sql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Paging#select} and {@link Paging#selectEqual}, the one keyset query every List operation runs. */
class PagingSelectTest {
    private Connection connection;
    private ScopedSql sql;

    @BeforeEach
    void createRows() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        Sql plain = new Sql(connection, DatabaseUrl.Dialect.SQLITE);
        plain.execute("CREATE TABLE items (account_id TEXT, region TEXT, name TEXT, kind TEXT, seq BIGINT)");
        sql = new ScopedSql(plain, new Account("123456789012", "us-east-1"));
        ScopedSql elsewhere = new ScopedSql(plain, new Account("123456789012", "eu-west-1"));
        for (int i = 1; i <= 5; i++) {
            sql.update(
                    "INSERT INTO items (account_id, region, name, kind, seq) VALUES ({nsv}, ?, ?, ?)",
                    "n" + i,
                    i % 2 == 0 ? "even" : "odd",
                    i);
            // Rows of another namespace between them: never on a page of this one.
            elsewhere.update(
                    "INSERT INTO items (account_id, region, name, kind, seq) VALUES ({nsv}, ?, ?, ?)",
                    "other" + i,
                    "odd",
                    100 + i);
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void pagesFollowTheKeyAndEndWithoutAToken() throws SQLException {
        Paging first = Paging.token(new PageRequest(null, 2, true));
        Page<String> one = first.select(sql, "name FROM items", "", "seq", rs -> rs.getString("name"));
        assertThat(one.items()).containsExactly("n1", "n2");

        Paging second = Paging.token(new PageRequest(one.nextToken(), 2, true));
        Page<String> two = second.select(sql, "name FROM items", "", "seq", rs -> rs.getString("name"));
        assertThat(two.items()).containsExactly("n3", "n4");

        Paging third = Paging.token(new PageRequest(two.nextToken(), 2, true));
        Page<String> three = third.select(sql, "name FROM items", "", "seq", rs -> rs.getString("name"));
        assertThat(three.items()).containsExactly("n5");
        assertThat(three.nextToken()).isNull();
    }

    @Test
    void filterArgumentsAreBoundBeforeTheKey() throws SQLException {
        Paging paging = Paging.marker(new PageRequest(null, 25, false));
        Page<String> odd = paging.select(sql, "name FROM items", "kind = ?", "seq", rs -> rs.getString("name"), "odd");
        assertThat(odd.items()).containsExactly("n5", "n3", "n1");
    }

    @Test
    void selectEqualWithoutAValueKeepsEveryRow() throws SQLException {
        Paging paging = Paging.token(PageRequest.first());
        assertThat(paging.selectEqual(sql, "name FROM items", "kind", null, "seq", rs -> rs.getString("name"))
                        .items())
                .hasSize(5);
        assertThat(paging.selectEqual(sql, "name FROM items", "kind", "even", "seq", rs -> rs.getString("name"))
                        .items())
                .containsExactly("n2", "n4");
    }
}
