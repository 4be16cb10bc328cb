package io.redkeep.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads, downloads, hostile names, size limit and blob lifetime. */
class FileIntegrationTests extends ContentIntegrationTest {

    @Test
    void uploadAndDownload() throws Exception {
        UUID user = UUID.randomUUID();
        byte[] content = "hello, files\n".getBytes(StandardCharsets.UTF_8);
        JsonNode file = upload(user, content, "report ü \"q\".txt", MediaType.TEXT_PLAIN, "Docs,work,docs");
        assertThat(file.get("name").asString()).isEqualTo("report ü \"q\".txt");
        assertThat(file.get("mimeType").asString()).isEqualTo("text/plain");
        assertThat(file.get("size").longValue()).isEqualTo(content.length);
        assertThat(file.get("sha256").asString()).isEqualTo(sha256(content));
        assertThat(file.get("tags").toString()).isEqualTo("[\"docs\",\"work\"]");
        String id = file.get("id").asString();

        EntityExchangeResult<byte[]> download = as(user).get()
            .uri("/api/files/" + id + "/content")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(byte[].class)
            .returnResult();
        assertThat(download.getResponseBody()).isEqualTo(content);
        HttpHeaders headers = download.getResponseHeaders();
        assertThat(headers.getContentType().toString()).startsWith("text/plain");
        assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.getFirst(HttpHeaders.CONTENT_DISPOSITION))
            .isEqualTo("attachment; filename=\"report _ _q_.txt\"; filename*=UTF-8''report%20%C3%BC%20%22q%22.txt");

        as(UUID.randomUUID()).get().uri("/api/files/" + id + "/content").exchange().expectStatus().isNotFound();
        as(user).get()
            .uri("/api/files?tag=work")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items[0].id")
            .isEqualTo(id);
        as(user).get()
            .uri(uri("/api/search?q=report"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.items[0].type")
            .isEqualTo("file")
            .jsonPath("$.facets.types.file")
            .isEqualTo(1);
    }

    @Test
    void hostileNamesStayInsideTheStoreAndHeaders() throws Exception {
        UUID user = UUID.randomUUID();
        JsonNode traversal = upload(user, bytes(10), "../../etc/passwd", MediaType.TEXT_PLAIN, null);
        assertThat(traversal.get("name").asString()).isEqualTo("passwd");
        JsonNode windows = upload(user, bytes(11), "..\\..\\boot.ini", MediaType.TEXT_PLAIN, null);
        assertThat(windows.get("name").asString()).isEqualTo("boot.ini");
        JsonNode control = upload(user, bytes(12), "a\u0001b\u007f\u202Ec\td.txt", null, null);
        assertThat(control.get("name").asString()).isEqualTo("abcd.txt");
        JsonNode longName = upload(user, bytes(13), "x".repeat(1000) + ".pdf", MediaType.APPLICATION_PDF, null);
        String name = longName.get("name").asString();
        assertThat(name.codePointCount(0, name.length())).isEqualTo(255);
        assertThat(name).endsWith(".pdf");

        String disposition = as(user).get()
            .uri("/api/files/" + traversal.get("id").asString() + "/content")
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(byte[].class)
            .getResponseHeaders()
            .getFirst(HttpHeaders.CONTENT_DISPOSITION);
        assertThat(disposition).isEqualTo("attachment; filename=\"passwd\"; filename*=UTF-8''passwd");

        try (Stream<Path> stored = Files.walk(STORAGE)) {
            for (Path path : stored.filter(Files::isRegularFile).toList()) {
                Path relative = STORAGE.relativize(path);
                assertThat(relative.toString()).matches("blobs/[0-9a-f]{2}/[0-9a-f]{64}");
            }
        }

        as(user).patch()
            .uri("/api/files/" + traversal.get("id").asString())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\":\"../x\"}")
            .exchange()
            .expectStatus()
            .isBadRequest();
        as(user).patch()
            .uri("/api/files/" + traversal.get("id").asString())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\":\"a\\u0007b\"}")
            .exchange()
            .expectStatus()
            .isBadRequest();
    }

    @Test
    void uploadOverTheLimitIsRefusedWhileStreaming() throws IOException {
        UUID user = UUID.randomUUID();
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("file", new NamedBytes(bytes((int) MAX_FILE_SIZE + 1), "big.bin"))
            .contentType(MediaType.APPLICATION_OCTET_STREAM);
        as(user).post()
            .uri("/api/files")
            .body(BodyInserters.fromMultipartData(parts.build()))
            .exchange()
            .expectStatus()
            .isEqualTo(413)
            .expectBody()
            .jsonPath("$.code")
            .isEqualTo("payload_too_large");
        as(user).get().uri("/api/files").exchange().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        try (Stream<Path> incoming = Files.list(STORAGE.resolve("incoming"))) {
            assertThat(incoming.toList()).isEmpty();
        }
        upload(user, bytes((int) MAX_FILE_SIZE), "exactly-the-limit.bin", MediaType.APPLICATION_OCTET_STREAM, null);
    }

    @Test
    void blobIsSharedAndDeletedWithItsLastFile() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        byte[] content = bytes(4096);
        String sha = sha256(content);
        Path blob = STORAGE.resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha);
        String first = upload(user, content, "one.bin", null, null).get("id").asString();
        String second = upload(other, content, "two.bin", null, "shared").get("id").asString();
        assertThat(blob).exists();
        as(user).delete().uri("/api/files/" + first).exchange().expectStatus().isNoContent();
        assertThat(blob).as("still referred to by the other user's file").exists();
        as(other).get()
            .uri("/api/files/" + second + "/content")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(byte[].class)
            .isEqualTo(content);
        as(other).delete().uri("/api/files/" + second).exchange().expectStatus().isNoContent();
        assertThat(blob).doesNotExist();
    }

    @Test
    void metadataRulesAndBadRequests() {
        UUID user = UUID.randomUUID();
        String id = upload(user, bytes(100), "a.txt", MediaType.TEXT_PLAIN, null).get("id").asString();
        as(user).patch()
            .uri("/api/files/" + id)
            .contentType(MediaType.APPLICATION_JSON)
            .header(HttpHeaders.IF_MATCH, "\"1\"")
            .bodyValue("{\"name\":\"b.txt\",\"tags\":[\"x\"]}")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody()
            .jsonPath("$.name")
            .isEqualTo("b.txt")
            .jsonPath("$.version")
            .isEqualTo(2);
        for (String field : List.of("sha256", "size", "mimeType")) {
            as(user).patch()
                .uri("/api/files/" + id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"" + field + "\":\"x\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(field);
        }
        MultipartBodyBuilder noFile = new MultipartBodyBuilder();
        noFile.part("tags", "a");
        as(user).post()
            .uri("/api/files")
            .body(BodyInserters.fromMultipartData(noFile.build()))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("file");
        MultipartBodyBuilder badTags = new MultipartBodyBuilder();
        badTags.part("file", new NamedBytes(bytes(5), "t.txt"));
        badTags.part("tags", "ok,not ok");
        as(user).post()
            .uri("/api/files")
            .body(BodyInserters.fromMultipartData(badTags.build()))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("tags");
        as(user).post()
            .uri("/api/files")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{\"name\":\"x\"}")
            .exchange()
            .expectStatus()
            .isEqualTo(415);
    }

    private JsonNode upload(UUID user, byte[] content, String filename, MediaType type, String tags) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        var part = parts.part("file", new NamedBytes(content, filename));
        if (type != null) {
            part.contentType(type);
        }
        if (tags != null) {
            parts.part("tags", tags);
        }
        return json(as(user).post()
            .uri("/api/files")
            .body(BodyInserters.fromMultipartData(parts.build()))
            .exchange()
            .expectStatus()
            .isCreated()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Bytes sent as a file part with the given file name. */
    private static final class NamedBytes extends ByteArrayResource {

        private final String filename;

        NamedBytes(byte[] bytes, String filename) {
            super(bytes);
            this.filename = filename;
        }

        @Override
        public String getFilename() {
            return this.filename;
        }

    }

}
