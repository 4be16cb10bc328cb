package io.redkeep.content.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.redkeep.content.item.Kind;
import io.redkeep.content.item.QueryValues;
import io.redkeep.content.item.Text;
import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.RedisKeys;

import org.springframework.util.MultiValueMap;

/**
 * A validated search request. {@code prefix} is the last word of the query when it is a
 * plain word (not quoted, not excluded, not {@code or}): it also matches as a prefix.
 *
 * @param q the query as given (trimmed)
 * @param head the query without its last plain word (empty when there is none)
 * @param prefix the last plain word lower-cased, or {@code null}
 * @param types kinds to return (all when not filtered)
 * @param tags tags every result must carry
 * @param limit page size
 * @param cursor position after the previous page, or {@code null}
 */
public record SearchRequest(String q, String head, String prefix, List<Kind> types, List<String> tags, int limit,
        SearchCursor cursor) {

    private static final Pattern LAST_WORD = Pattern.compile("(?:^|\\s)([\\p{L}\\p{N}]+)$");

    public static SearchRequest of(MultiValueMap<String, String> params) {
        List<FieldProblem> errors = new ArrayList<>();
        String q = params.getFirst("q");
        if (q == null) {
            errors.add(new FieldProblem("q", "is required"));
        }
        else {
            q = Text.strip(q);
            int length = q.codePointCount(0, q.length());
            if (length < 1 || length > 200) {
                errors.add(new FieldProblem("q", "must be 1 to 200 characters"));
            }
        }
        List<Kind> types = new ArrayList<>(List.of(Kind.values()));
        String typesValue = params.getFirst("types");
        if (typesValue != null) {
            types.clear();
            for (String name : typesValue.split(",", -1)) {
                Kind kind = Kind.fromSingular(name.trim()).orElse(null);
                if (kind == null) {
                    errors.add(new FieldProblem("types", "must be a comma list of bookmark, task, note, file"));
                    break;
                }
                if (!types.contains(kind)) {
                    types.add(kind);
                }
            }
        }
        List<String> tags = List.of();
        int limit = QueryValues.DEFAULT_LIMIT;
        SearchCursor cursor = null;
        try {
            List<String> given = QueryValues.tagList(params, "tags");
            tags = (given != null) ? given : List.of();
        }
        catch (ProblemException ex) {
            errors.addAll(ex.getErrors());
        }
        try {
            limit = QueryValues.limit(params);
        }
        catch (ProblemException ex) {
            errors.addAll(ex.getErrors());
        }
        try {
            String value = params.getFirst("cursor");
            cursor = (value != null) ? SearchCursor.decode(value) : null;
        }
        catch (ProblemException ex) {
            errors.addAll(ex.getErrors());
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        String head = q;
        String prefix = null;
        var matcher = LAST_WORD.matcher(q);
        if (!unbalancedQuotes(q) && matcher.find() && !matcher.group(1).equalsIgnoreCase("or")) {
            prefix = matcher.group(1).toLowerCase(Locale.ROOT);
            head = q.substring(0, matcher.start(1));
        }
        return new SearchRequest(q, head, prefix, List.copyOf(types), tags, limit, cursor);
    }

    /** A hash of everything that shapes the page: the cache key's last part. */
    public String hash() {
        List<String> typeNames = this.types.stream().map(Kind::singular).sorted().toList();
        List<String> tagNames = this.tags.stream().sorted().toList();
        return RedisKeys
            .sha256Hex(String.join("\u0000", this.q, String.join(",", typeNames), String.join(",", tagNames),
                    Integer.toString(this.limit), (this.cursor != null) ? this.cursor.encode() : ""));
    }

    private static boolean unbalancedQuotes(String q) {
        return q.chars().filter((c) -> c == '"').count() % 2 != 0;
    }

}
