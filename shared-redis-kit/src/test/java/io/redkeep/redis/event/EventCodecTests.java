package io.redkeep.redis.event;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EventCodecTests {

    private final EventCodec codec = new EventCodec();

    private static final String SPEC_EXAMPLE = """
            {"id":"0192f1c8-7b1e-7cc0-8a55-2b8f8a3c9d10","type":"content.created","version":1,\
            "occurredAt":"2026-11-22T10:15:30.123Z","source":"content-service","userId":"u-1",\
            "traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01","data":{"kind":"note","tags":["a"]}}""";

    @Test
    void decodesTheSpecExampleAndWritesItBackUnchanged() {
        EventEnvelope envelope = this.codec.decode(SPEC_EXAMPLE);
        assertThat(envelope.type()).isEqualTo("content.created");
        assertThat(envelope.occurredAt()).isEqualTo(Instant.parse("2026-11-22T10:15:30.123Z"));
        assertThat(envelope.data().get("tags").get(0).asString()).isEqualTo("a");
        assertThat(this.codec.encode(envelope)).isEqualTo(SPEC_EXAMPLE);
    }

    @Test
    void writesEveryFieldAndMillisecondsEvenWhenZero() {
        EventEnvelope envelope = new EventEnvelope(EventIds.next(), "user.registered", 2,
                Instant.parse("2026-11-22T10:15:30Z"), "auth-service", null, null,
                JsonNodeFactory.instance.objectNode());
        String json = this.codec.encode(envelope);
        assertThat(json).contains("\"occurredAt\":\"2026-11-22T10:15:30.000Z\"")
            .contains("\"userId\":null")
            .contains("\"traceparent\":null");
        assertThat(this.codec.decode(json)).isEqualTo(envelope);
    }

    @Test
    void truncatesToMillisecondsSoARoundTripIsExact() {
        EventEnvelope envelope = EventEnvelope.create("task.completed", 1, "content-service", "u", null, null);
        assertThat(this.codec.decode(this.codec.encode(envelope))).isEqualTo(envelope);
    }

    @Test
    void rejectsUnknownFields() {
        assertInvalid(SPEC_EXAMPLE.replace("\"version\":1,", "\"version\":1,\"extra\":true,"), "unknown event field");
    }

    @Test
    void rejectsDuplicateFields() {
        assertInvalid(SPEC_EXAMPLE.replace("\"version\":1,", "\"version\":1,\"version\":2,"), "not valid JSON");
    }

    @Test
    void rejectsMissingAndMistypedFields() {
        assertInvalid(SPEC_EXAMPLE.replace("\"type\":\"content.created\",", ""), "type is required");
        assertInvalid(SPEC_EXAMPLE.replace("\"version\":1", "\"version\":\"1\""), "version must be an integer");
        assertInvalid(SPEC_EXAMPLE.replace("\"version\":1", "\"version\":0"), "version must be at least 1");
        assertInvalid(SPEC_EXAMPLE.replace("\"userId\":\"u-1\"", "\"userId\":7"), "userId must be a string");
        assertInvalid(SPEC_EXAMPLE.replace("{\"kind\":\"note\",\"tags\":[\"a\"]}", "[]"), "data must be a JSON object");
        assertInvalid(SPEC_EXAMPLE.replace("0192f1c8-7b1e-7cc0-8a55-2b8f8a3c9d10", "not-a-uuid"), "id must be a UUID");
        assertInvalid(SPEC_EXAMPLE.replace("2026-11-22T10:15:30.123Z", "yesterday"), "occurredAt");
        assertInvalid("[1]", "must be a JSON object");
        assertInvalid("{", "not valid JSON");
    }

    @Test
    void convertsServiceOwnedBodies() {
        record Created(String kind, String id) {
        }
        ObjectNode data = this.codec.toData(new Created("note", "n1"));
        EventEnvelope envelope = EventEnvelope.create("content.created", 1, "content-service", "u", null, data);
        EventEnvelope read = this.codec.decode(this.codec.encode(envelope));
        assertThat(this.codec.fromData(read, Created.class)).isEqualTo(new Created("note", "n1"));
    }

    private void assertInvalid(String json, String message) {
        assertThatExceptionOfType(InvalidEventException.class).isThrownBy(() -> this.codec.decode(json))
            .withMessageContaining(message);
    }

}
