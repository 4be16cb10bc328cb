package io.redkeep.gateway.docs;

import java.util.ArrayList;

import io.redkeep.gateway.routing.Backends;
import io.redkeep.gateway.routing.InternalTokens;
import io.redkeep.gateway.routing.ServicesProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The aggregated OpenAPI document; the browsable UI at {@code /api/docs} is springdoc's
 * Swagger UI pointed at it.
 */
@AutoConfiguration(afterName = "io.redkeep.gateway.routing.RoutingAutoConfiguration")
@EnableConfigurationProperties(DocsProperties.class)
class DocsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    OpenApiAggregator openApiAggregator(ObjectProvider<WebClient.Builder> client, Backends backends,
            ServicesProperties services, InternalTokens tokens, DocsProperties properties,
            ObjectProvider<JsonMapper> json) {
        return new OpenApiAggregator(client.getIfAvailable(WebClient::builder), backends,
                new ArrayList<>(services.services().keySet()), tokens, properties,
                json.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    @ConditionalOnMissingBean(name = "openApiDocumentRoute")
    RouterFunction<ServerResponse> openApiDocumentRoute(OpenApiAggregator aggregator) {
        return RouterFunctions.route()
            .GET("/api/docs/openapi.json",
                    (request) -> aggregator.document()
                        .flatMap((doc) -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(doc)))
            .build();
    }

}
