package io.redkeep.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.stream.Stream;

/**
 * PostgreSQL refuses to run as root. When the JVM is root, the server runs as the OS user
 * {@value #NAME} (created by the Debian/Ubuntu {@code postgresql} package) and owns its
 * temporary directory; a normal user runs it directly.
 */
final class PostgresOsUser {

    static final String NAME = "postgres";

    private PostgresOsUser() {
    }

    /** What to put before a PostgreSQL command so that it runs unprivileged. */
    static List<String> commandPrefix() {
        if (!Binaries.isRoot()) {
            return List.of();
        }
        lookupUser();
        String setpriv = Binaries.find("setpriv");
        if (setpriv != null) {
            return List.of(setpriv, "--reuid=" + NAME, "--regid=" + NAME, "--init-groups");
        }
        String runuser = Binaries.find("runuser");
        if (runuser != null) {
            return List.of(runuser, "-u", NAME, "--");
        }
        throw new IllegalStateException("Running as root, PostgreSQL must run as user '" + NAME
                + "' but neither setpriv nor runuser is installed: install util-linux (apt-get install util-linux)");
    }

    /**
     * Gives the directory tree to the server's OS user (mode stays 0700, as PostgreSQL
     * wants).
     */
    static void handOver(Path dir) {
        if (!Binaries.isRoot()) {
            return;
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try (Stream<Path> paths = Files.walk(dir)) {
            UserPrincipal user = lookupUser();
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(NAME);
            for (Path path : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot hand " + dir + " over to user " + NAME, ex);
        }
    }

    private static UserPrincipal lookupUser() {
        try {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
        }
        catch (UserPrincipalNotFoundException ex) {
            throw new IllegalStateException("Running as root, PostgreSQL must run as an unprivileged user '" + NAME
                    + "', which does not exist: install PostgreSQL (apt-get install postgresql) or run "
                    + "'useradd --system " + NAME + "'", ex);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
