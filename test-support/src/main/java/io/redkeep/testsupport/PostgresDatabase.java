package io.redkeep.testsupport;

/**
 * A database created for one test class on the shared {@link PostgresServer}. The
 * credentials are those of the server's superuser; the URLs carry no credentials.
 */
public record PostgresDatabase(String host, int port, String database, String username, String password) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + jdbcUrl() + ", user " + this.username + "]";
    }

}
