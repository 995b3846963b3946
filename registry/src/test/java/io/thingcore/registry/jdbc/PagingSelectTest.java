package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
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
    private Sql sql;

    @BeforeEach
    void createRows() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        sql = new Sql(connection);
        sql.execute("CREATE TABLE items (name TEXT, kind TEXT, seq BIGINT)");
        for (int i = 1; i <= 5; i++) {
            sql.update("INSERT INTO items (name, kind, seq) VALUES (?, ?, ?)", "n" + i, i % 2 == 0 ? "even" : "odd", i);
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
