package io.redkeep.testsupport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresDatabaseTests {

    private final PostgresDatabase database = new PostgresDatabase("127.0.0.1", 54321, "notes_1", "redkeep", "secret");

    @Test
    void urlsNameHostPortAndDatabaseButNoCredentials() {
        assertThat(this.database.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:54321/notes_1");
        assertThat(this.database.r2dbcUrl()).isEqualTo("r2dbc:postgresql://127.0.0.1:54321/notes_1");
    }

    @Test
    void toStringDoesNotLeakThePassword() {
        assertThat(this.database.toString()).contains("notes_1").doesNotContain("secret");
    }

}
