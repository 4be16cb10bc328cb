package io.redkeep.deploycheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Read access to a checkout (the real one, or a modified copy in a test): files as text
 * or YAML, and the small pieces of the local runner's bash scripts the checks compare
 * against.
 */
final class Repository {

    private final Path root;

    Repository(Path root) {
        this.root = root;
    }

    static Repository current() {
        return new Repository(Path.of(System.getProperty("redkeep.root", "..")).toAbsolutePath().normalize());
    }

    Path root() {
        return this.root;
    }

    Path resolve(String relative) {
        return this.root.resolve(relative);
    }

    boolean exists(String relative) {
        return Files.exists(resolve(relative));
    }

    String text(String relative) {
        try {
            return Files.readString(resolve(relative));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** One YAML document, merge keys ({@code <<}) and anchors resolved. */
    Map<String, Object> yaml(String relative) {
        return Yamls.map(newYaml().load(text(relative)));
    }

    /** Every non-empty document of a multi-document YAML file. */
    List<Map<String, Object>> yamlDocuments(String relative) {
        return documents(text(relative));
    }

    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object document : newYaml().loadAll(text)) {
            if (document != null) {
                result.add(Yamls.map(document));
            }
        }
        return result;
    }

    /** {@code NAME=value} lines of an env file, comments and blank lines skipped. */
    Map<String, String> envFile(String relative) {
        Map<String, String> result = new java.util.LinkedHashMap<>();
        for (String line : text(relative).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || !trimmed.contains("=")) {
                continue;
            }
            result.put(trimmed.substring(0, trimmed.indexOf('=')), trimmed.substring(trimmed.indexOf('=') + 1));
        }
        return result;
    }

    /**
     * The words of a bash array assignment {@code NAME=(a b c)}, which may span lines.
     */
    List<String> bashArray(String relative, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "=\\(([^)]*)\\)").matcher(text(relative));
        if (!matcher.find()) {
            return Collections.emptyList();
        }
        return List.of(matcher.group(1).strip().split("\\s+"));
    }

    /** Names a script writes as {@code printf 'NAME=%s\n'} (the secrets files). */
    List<String> printedAssignments(String relative) {
        List<String> names = new ArrayList<>();
        Matcher matcher = Pattern.compile("printf '([A-Z][A-Z0-9_]*)=%s\\\\n'").matcher(text(relative));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Files under a folder with the given ending, as paths relative to the root. */
    List<String> files(String folder, String ending) {
        if (!exists(folder)) {
            return Collections.emptyList();
        }
        try (Stream<Path> paths = Files.walk(resolve(folder))) {
            return paths.filter(Files::isRegularFile)
                .filter((path) -> path.getFileName().toString().endsWith(ending))
                .map((path) -> this.root.relativize(path).toString().replace('\\', '/'))
                .sorted()
                .toList();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Yaml newYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

}
