package io.redkeep.gateway.auth;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A list of {@code "[METHOD] /path-pattern"} entries a request may match.
 */
final class RequestPatterns {

    private final List<Entry> entries;

    private RequestPatterns(List<Entry> entries) {
        this.entries = entries;
    }

    static RequestPatterns of(List<String> patterns) {
        return new RequestPatterns(patterns.stream().map(RequestPatterns::parse).toList());
    }

    boolean matches(HttpMethod method, PathContainer path) {
        for (Entry entry : this.entries) {
            if ((entry.method == null || entry.method.equals(method)) && entry.pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static Entry parse(String text) {
        String trimmed = text.trim();
        int space = trimmed.indexOf(' ');
        String path = (space > 0) ? trimmed.substring(space + 1).trim() : trimmed;
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "' must be [METHOD] /path-pattern");
        }
        HttpMethod method = (space > 0) ? HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase(Locale.ROOT))
                : null;
        return new Entry(method, PathPatternParser.defaultInstance.parse(path));
    }

    private record Entry(HttpMethod method, PathPattern pattern) {

    }

}
