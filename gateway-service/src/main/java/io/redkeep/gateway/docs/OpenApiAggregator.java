package io.redkeep.gateway.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.redkeep.gateway.routing.Backends;
import io.redkeep.gateway.routing.InternalTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * One OpenAPI document for the whole public API: every service's own document (fetched
 * with an anonymous internal token), paths and component schemas merged. A service that
 * does not answer in time is listed under {@code x-redkeep-unavailable} instead of
 * failing the whole document.
 */
public class OpenApiAggregator {

    private static final Logger logger = LoggerFactory.getLogger(OpenApiAggregator.class);

    private final WebClient client;

    private final Backends backends;

    private final List<String> services;

    private final InternalTokens tokens;

    private final DocsProperties properties;

    private final JsonMapper json;

    private final Mono<JsonNode> document;

    public OpenApiAggregator(WebClient.Builder client, Backends backends, List<String> services, InternalTokens tokens,
            DocsProperties properties, JsonMapper json) {
        this.client = client.build();
        this.backends = backends;
        this.services = List.copyOf(services);
        this.tokens = tokens;
        this.properties = properties;
        this.json = json;
        this.document = Mono.defer(this::aggregate).cache(properties.cacheFor());
    }

    public Mono<JsonNode> document() {
        return this.document;
    }

    private Mono<JsonNode> aggregate() {
        return Flux.fromIterable(this.services)
            .flatMap((service) -> fetch(service).map((doc) -> Map.entry(service, doc)).onErrorResume((ex) -> {
                logger.warn("OpenAPI document of {} unavailable: {}", service, ex.toString());
                return Mono.just(Map.entry(service, this.json.nullNode()));
            }))
            .collectList()
            .map(this::merge);
    }

    private Mono<JsonNode> fetch(String service) {
        return Mono.defer(() -> this.client.get()
            .uri(this.backends.next(service).uri().resolve(this.properties.servicePath()))
            .headers((headers) -> headers.setBearerAuth(this.tokens.token(null, "127.0.0.1")))
            .retrieve()
            .bodyToMono(String.class)
            .timeout(this.properties.timeout())
            // documents can be large and parsing them is no event-loop work
            .publishOn(Schedulers.boundedElastic())
            .map(this.json::readTree));
    }

    private JsonNode merge(List<Map.Entry<String, JsonNode>> documents) {
        ObjectNode merged = this.json.createObjectNode();
        merged.put("openapi", "3.1.0");
        merged.putObject("info").put("title", "Redkeep API").put("version", "1");
        merged.putArray("servers").addObject().put("url", "/");
        Map<String, JsonNode> paths = new TreeMap<>();
        Map<String, JsonNode> schemas = new TreeMap<>();
        List<String> unavailable = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : documents) {
            JsonNode doc = entry.getValue();
            if (doc == null || !doc.isObject()) {
                unavailable.add(entry.getKey());
                continue;
            }
            doc.path("paths").properties().forEach((path) -> paths.put(path.getKey(), path.getValue()));
            doc.path("components")
                .path("schemas")
                .properties()
                .forEach((schema) -> schemas.putIfAbsent(schema.getKey(), schema.getValue()));
        }
        ObjectNode pathsNode = merged.putObject("paths");
        paths.forEach(pathsNode::set);
        ObjectNode schemasNode = merged.putObject("components").putObject("schemas");
        schemas.forEach(schemasNode::set);
        if (!unavailable.isEmpty()) {
            ArrayNode missing = merged.putArray("x-redkeep-unavailable");
            unavailable.stream().sorted().forEach(missing::add);
        }
        return merged;
    }

}
