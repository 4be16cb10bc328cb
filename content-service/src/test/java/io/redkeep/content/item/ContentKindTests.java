package io.redkeep.content.item;

import java.util.Map;

import io.redkeep.content.bookmark.BookmarkKind;
import io.redkeep.content.note.NoteKind;
import io.redkeep.content.task.TaskKind;
import io.redkeep.defaults.problem.FieldProblem;
import org.junit.jupiter.api.Test;

import static io.redkeep.content.item.FieldReaderTests.errors;
import static io.redkeep.content.item.FieldReaderTests.reader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A create is a patch with the kind's required fields present and every other column
 * defaulted; a patch holds only the fields the body names.
 */
class ContentKindTests {

    @Test
    void aCreateFillsEveryOtherColumnWithItsDefault() {
        FieldReader reader = reader("{\"title\":\"Ship it\"}");
        Map<String, Object> values = new TaskKind().parseCreate(reader);
        assertThat(errors(reader)).isEmpty();
        assertThat(values).containsOnly(entry("title", "Ship it"), entry("description", ""), entry("status", "pending"),
                entry("priority", "medium"), entry("due_at", null));
        reader = reader("{\"title\":\"Read\",\"url\":\"https://example.com\"}");
        assertThat(new BookmarkKind().parseCreate(reader)).containsOnly(entry("url", "https://example.com"),
                entry("title", "Read"), entry("description", ""), entry("favorite", false), entry("archived", false));
        reader = reader("{\"title\":\"Idea\"}");
        assertThat(new NoteKind().parseCreate(reader)).containsOnly(entry("title", "Idea"), entry("content", ""));
    }

    @Test
    void aCreateReportsEachMissingRequiredFieldInOrder() {
        FieldReader reader = reader("{\"description\":\"no url, no title\"}");
        new BookmarkKind().parseCreate(reader);
        assertThat(errors(reader)).extracting(FieldProblem::field).containsExactly("url", "title");
        reader = reader("{}");
        new NoteKind().parseCreate(reader);
        assertThat(errors(reader)).extracting(FieldProblem::field).containsExactly("title");
    }

    @Test
    void aPatchHoldsOnlyTheNamedFields() {
        FieldReader reader = reader("{\"priority\":\"high\",\"dueAt\":null}");
        Map<String, Object> changes = new TaskKind().parsePatch(reader);
        assertThat(errors(reader)).isEmpty();
        assertThat(changes).containsOnly(entry("priority", "high"), entry("due_at", null));
    }

    @Test
    void kindsDescribeTheirColumns() {
        TaskKind tasks = new TaskKind();
        assertThat(tasks.kind()).isEqualTo(Kind.TASK);
        assertThat(tasks.titleColumn()).isEqualTo("title");
        assertThat(tasks.columns()).extracting(Column::field)
            .containsExactly("title", "description", "status", "priority", "dueAt", "completedAt");
        assertThat(new NoteKind().columns()).extracting(Column::name).containsExactly("title", "content");
    }

}
