package io.redkeep.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@Tag(TestTags.POSTGRES)
class PostgresServerIntegrationTests {

    private static PostgresServer server;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.shared();
    }

    @Test
    void sharedServerIsOnePerJvm() {
        assertThat(PostgresServer.shared()).isSameAs(server);
        assertThat(server.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void runsAsUnprivilegedUserWhenJvmIsRoot() {
        assertThat(server.pid()).isPositive();
        String expected = Binaries.isRoot() ? PostgresOsUser.NAME : System.getProperty("user.name");
        assertThat(ProcessHandle.of(server.pid()).flatMap((handle) -> handle.info().user())).hasValue(expected);
    }

    @Test
    void eachDatabaseIsFreshAndUsableOverJdbc() throws SQLException {
        PostgresDatabase first = server.createDatabase("Orders-IT");
        PostgresDatabase second = server.createDatabase("Orders-IT");
        assertThat(first.database()).startsWith("orders_it_").isNotEqualTo(second.database());
        assertThat(first.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + server.port() + "/" + first.database());
        assertThat(first.r2dbcUrl())
            .isEqualTo("r2dbc:postgresql://127.0.0.1:" + server.port() + "/" + first.database());
        try (Connection connection = connect(first); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE note (id int PRIMARY KEY, body text)");
            statement.execute("INSERT INTO note VALUES (1, 'hello')");
            try (ResultSet rows = statement.executeQuery("SELECT body FROM note")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("hello");
            }
        }
        try (Connection connection = connect(second);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'note'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("databases must not share tables").isZero();
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        PostgresDatabase database = server.createDatabase("auth");
        assertThatExceptionOfType(SQLException.class)
            .isThrownBy(() -> DriverManager.getConnection(database.jdbcUrl(), database.username(), "wrong").close())
            .satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void stopAndStartKeepPortAndData() throws SQLException {
        PostgresDatabase database = server.createDatabase("restart");
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (id int)");
        }
        int port = server.port();
        server.stop();
        assertThat(server.isRunning()).isFalse();
        assertThatExceptionOfType(SQLException.class).isThrownBy(() -> connect(database).close());
        server.start();
        assertThat(server.port()).isEqualTo(port);
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
            assertThat(rows.next()).isTrue();
        }
    }

    @Test
    void pausedServerHangsUntilResumed() throws SQLException {
        PostgresDatabase database = server.createDatabase("pause");
        server.pause();
        try {
            assertThatExceptionOfType(SQLException.class).isThrownBy(
                    () -> DriverManager
                        .getConnection(database.jdbcUrl() + "?connectTimeout=1&loginTimeout=1", database.username(),
                                database.password())
                        .close());
        }
        finally {
            server.resume();
        }
        try (Connection connection = connect(database)) {
            assertThat(connection.isValid(2)).isTrue();
        }
    }

    private static Connection connect(PostgresDatabase database) throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl() + "?connectTimeout=2", database.username(),
                database.password());
    }

}
