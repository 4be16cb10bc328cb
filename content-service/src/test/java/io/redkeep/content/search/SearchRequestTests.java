package io.redkeep.content.search;

import java.util.List;

import io.redkeep.content.item.Kind;
import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import org.junit.jupiter.api.Test;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SearchRequestTests {

    @Test
    void lastPlainWordBecomesAPrefix() {
        SearchRequest request = SearchRequest.of(params("q", "  redis Stre "));
        assertThat(request.q()).isEqualTo("redis Stre");
        assertThat(request.head()).isEqualTo("redis ");
        assertThat(request.prefix()).isEqualTo("stre");
    }

    @Test
    void quotedExcludedAndOrAreNotPrefixes() {
        assertThat(SearchRequest.of(params("q", "\"red fox\"")).prefix()).isNull();
        assertThat(SearchRequest.of(params("q", "\"red fox")).prefix()).isNull();
        assertThat(SearchRequest.of(params("q", "cat -dog")).prefix()).isNull();
        assertThat(SearchRequest.of(params("q", "cat or")).prefix()).isNull();
    }

    @Test
    void typesAndTagsAreStrict() {
        SearchRequest request = SearchRequest.of(params("q", "x", "types", "note,file,note", "tags", "A,b"));
        assertThat(request.types()).containsExactly(Kind.NOTE, Kind.FILE);
        assertThat(request.tags()).containsExactly("a", "b");
        ProblemException problem = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                () -> SearchRequest.of(params("types", "Note", "limit", "0")));
        assertThat(problem.getErrors()).extracting(FieldProblem::field).containsExactly("q", "types", "limit");
        assertThatExceptionOfType(ProblemException.class)
            .isThrownBy(() -> SearchRequest.of(params("q", "x".repeat(201))));
    }

    @Test
    void hashCoversEverythingThatShapesThePage() {
        String base = SearchRequest.of(params("q", "x")).hash();
        assertThat(SearchRequest.of(params("q", "x", "types", "note,task,bookmark,file")).hash()).isEqualTo(base);
        assertThat(SearchRequest.of(params("q", "y")).hash()).isNotEqualTo(base);
        assertThat(SearchRequest.of(params("q", "x", "limit", "5")).hash()).isNotEqualTo(base);
        assertThat(SearchRequest.of(params("q", "x", "tags", "a")).hash()).isNotEqualTo(base);
        assertThat(base).matches("[0-9a-f]{64}");
    }

    @Test
    void snippetsEscapeEverythingButMarks() {
        String raw = "a " + SearchStore.MARK_START + "b" + SearchStore.MARK_END + " " + SearchStore.LESS_THAN + "script"
                + SearchStore.GREATER_THAN + " <i> & \"'";
        assertThat(Snippets.render(raw)).isEqualTo("a <mark>b</mark> &lt;script&gt; &lt;i&gt; &amp; &quot;&#39;");
    }

    @Test
    void searchCursorRoundTrips() {
        SearchCursor cursor = new SearchCursor(0.1f, java.util.UUID.randomUUID());
        assertThat(SearchCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> SearchCursor.decode("eA"));
    }

    private static MultiValueMap<String, String> params(String... pairs) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.add(pairs[i], pairs[i + 1]);
        }
        return params;
    }

}
