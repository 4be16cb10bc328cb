package io.redkeep.content.item;

import java.util.List;

import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FieldReaderTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @Test
    void countsCodePointsAndTrimsUnicodeWhitespace() {
        FieldReader reader = reader("{\"a\":\"\\u00a0 😀😀 \\u2003\",\"b\":\"xyz\"}");
        assertThat(reader.text("a", 1, 2, true)).isEqualTo("😀😀");
        assertThat(reader.text("b", 1, 2, false)).isNull();
        assertThat(errors(reader)).extracting(FieldProblem::field).containsExactly("b");
    }

    @Test
    void neverCoerces() {
        FieldReader reader = reader("{\"s\":1,\"b\":1,\"t\":\"true\",\"n\":null,\"tags\":[1]}");
        assertThat(reader.text("s", 0, 10, false)).isNull();
        assertThat(reader.bool("b")).isNull();
        assertThat(reader.bool("t")).isNull();
        assertThat(reader.tags("tags")).isNull();
        reader.notNull("n");
        assertThat(errors(reader)).extracting(FieldProblem::field).containsExactly("s", "b", "t", "tags", "n");
    }

    @Test
    void rejectsNul() {
        FieldReader reader = reader("{\"s\":\"a\\u0000\"}");
        assertThat(reader.text("s", 0, 10, false)).isNull();
        assertThat(errors(reader).get(0).message()).contains("NUL");
    }

    @Test
    void normalisesTimestampsToUtcMilliseconds() {
        FieldReader reader = reader("{\"t\":\"2026-11-22T12:15:30.123456+02:00\"}");
        assertThat(Timestamps.format(reader.timestamp("t"))).isEqualTo("2026-11-22T10:15:30.123Z");
    }

    @Test
    void tagsCollapseKeepingFirstOrder() {
        assertThat(Tags.normalise(List.of("B", "a", "b", "A.x-_1"))).containsExactly("b", "a", "a.x-_1");
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Tags.normalise(List.of("")));
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> Tags.normalise(List.of("é")));
    }

    @Test
    void cursorsRoundTripAndRejectGarbage() {
        PageCursor cursor = new PageCursor(java.time.OffsetDateTime.parse("2026-01-01T00:00:00.001Z"),
                java.util.UUID.fromString("0192f1c8-0000-7000-8000-000000000001"));
        assertThat(PageCursor.decode(cursor.encode())).isEqualTo(cursor);
        for (String bad : List.of("", "abc", "YzE6MTox", "!!!")) {
            assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> PageCursor.decode(bad));
        }
    }

    @Test
    void ifMatchAcceptsStrongWeakAndStar() {
        assertThat(Preconditions.ifMatch(null).matches(3)).isTrue();
        assertThat(Preconditions.ifMatch(List.of("\"3\"")).matches(3)).isTrue();
        assertThat(Preconditions.ifMatch(List.of("\"2\", W/\"3\"")).matches(3)).isTrue();
        assertThat(Preconditions.ifMatch(List.of("*")).matches(9)).isTrue();
        assertThat(Preconditions.ifMatch(List.of("\"2\"")).matches(3)).isFalse();
        assertThat(Preconditions.ifMatch(List.of("garbage")).matches(3)).isFalse();
    }

    /** A reader of a JSON object. */
    static FieldReader reader(String json) {
        return new FieldReader((ObjectNode) MAPPER.readTree(json));
    }

    /** The field errors a reader has collected. */
    static List<FieldProblem> errors(FieldReader reader) {
        try {
            reader.throwIfInvalid();
            return List.of();
        }
        catch (ProblemException ex) {
            return ex.getErrors();
        }
    }

}
