package io.redkeep.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the line-oriented configuration files of redis-server and redis-sentinel. */
final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * A value as a double-quoted redis.conf string, so that passwords may hold spaces.
     */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static Path write(Path file, List<String> lines) {
        try {
            return Files.write(file, lines);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write " + file, ex);
        }
    }

}
