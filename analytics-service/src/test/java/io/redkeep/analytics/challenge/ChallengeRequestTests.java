package io.redkeep.analytics.challenge;

import java.time.Instant;

import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChallengeRequestTests {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final JsonMapper mapper = new JsonMapper();

    @Test
    void aValidBodyIsRead() {
        ChallengeRequest request = parse("{\"title\":\" Ten tasks \",\"metric\":\"tasks_completed\","
                + "\"startsAt\":\"2026-05-01T00:00:00.000Z\",\"endsAt\":\"2026-07-01T00:00:00Z\"}");
        assertThat(request.title()).isEqualTo("Ten tasks");
        assertThat(request.metric()).isEqualTo(ChallengeMetric.TASKS_COMPLETED);
    }

    @Test
    void everyBadFieldIsReported() {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> parse("{\"title\":5,\"metric\":\"steps\",\"startsAt\":\"yesterday\",\"endsAt\":1}"));
        assertThat(problem.getErrors()).extracting(FieldProblem::field)
            .containsExactlyInAnyOrder("title", "metric", "startsAt", "endsAt");
    }

    @Test
    void theWindowMustEndAfterItStartsInTheFutureWithinAYear() {
        assertThat(endsAtError("2026-05-01T00:00:00Z", "2026-04-01T00:00:00Z")).contains("after startsAt");
        assertThat(endsAtError("2026-01-01T00:00:00Z", "2026-05-01T00:00:00Z")).contains("future");
        assertThat(endsAtError("2026-06-01T00:00:00Z", "2027-06-03T00:00:00Z")).contains("366");
    }

    private String endsAtError(String startsAt, String endsAt) {
        ProblemException problem = catchThrowableOfType(ProblemException.class,
                () -> parse("{\"title\":\"t\",\"metric\":\"notes_created\",\"startsAt\":\"" + startsAt
                        + "\",\"endsAt\":\"" + endsAt + "\"}"));
        assertThat(problem.getErrors()).extracting(FieldProblem::field).containsExactly("endsAt");
        return problem.getErrors().get(0).message();
    }

    private ChallengeRequest parse(String json) {
        return ChallengeRequest.parse(this.mapper.readTree(json), NOW);
    }

}
