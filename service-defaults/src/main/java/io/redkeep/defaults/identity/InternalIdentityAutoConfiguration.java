package io.redkeep.defaults.identity;

import java.time.Clock;

import reactor.core.publisher.Mono;

import io.redkeep.defaults.observability.AccessLogFilter;
import io.redkeep.defaults.problem.ProblemResponseWriter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * Services as OAuth2 resource servers of the gateway's internal token (spec/internal.md):
 * every path but the public actuator endpoints needs a valid token, and a user
 * ({@code sub}) unless listed in {@code redkeep.security.anonymous-paths}. Failures are
 * problem+json.
 */
@AutoConfiguration(after = InternalTokenAutoConfiguration.class,
        before = { ReactiveWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
                ReactiveOAuth2ResourceServerAutoConfiguration.class },
        afterName = "io.redkeep.defaults.problem.ProblemAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(prefix = InternalIdentityProperties.PREFIX, name = "internal-identity.enabled",
        havingValue = "true", matchIfMissing = true)
@EnableWebFluxSecurity
class InternalIdentityAutoConfiguration {

    /** Scraped or probed on the internal network without a token. */
    static final String[] PUBLIC_PATHS = { "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus" };

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder internalTokenDecoder(InternalKey key, InternalIdentityProperties properties) {
        return new InternalTokenDecoder(key, properties.clockSkew(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemSecurityHandlers problemSecurityHandlers(ProblemResponseWriter writer) {
        return new ProblemSecurityHandlers(writer);
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain internalIdentityFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            ProblemSecurityHandlers handlers, InternalIdentityProperties properties) {
        String[] anonymousPaths = properties.anonymousPaths().toArray(String[]::new);
        http.addFilterAfter(InternalIdentityAutoConfiguration::recordUserForAccessLog,
                SecurityWebFiltersOrder.AUTHENTICATION)
            .csrf(ServerHttpSecurity.CsrfSpec::disable)
            .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
            .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
            .logout(ServerHttpSecurity.LogoutSpec::disable)
            .requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
            .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
            .exceptionHandling(
                    (exceptions) -> exceptions.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
            .oauth2ResourceServer((server) -> server.authenticationEntryPoint(handlers)
                .accessDeniedHandler(handlers)
                .jwt((jwt) -> jwt.jwtDecoder(decoder)
                    .jwtAuthenticationConverter(
                            (token) -> Mono.just(new CallerAuthentication(CallerClaims.caller(token), token)))))
            .authorizeExchange((exchanges) -> {
                exchanges.pathMatchers(PUBLIC_PATHS).permitAll();
                if (anonymousPaths.length > 0) {
                    exchanges.pathMatchers(anonymousPaths).authenticated();
                }
                exchanges.anyExchange().hasAuthority(CallerAuthentication.USER_AUTHORITY);
            });
        return http.build();
    }

    private static Mono<Void> recordUserForAccessLog(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
            .mapNotNull(SecurityContext::getAuthentication)
            .ofType(CallerAuthentication.class)
            .doOnNext((caller) -> exchange.getAttributes().put(AccessLogFilter.USER_ATTRIBUTE, caller.getName()))
            .then(Mono.defer(() -> chain.filter(exchange)));
    }

    @Bean
    @ConditionalOnMissingBean
    CurrentCallerArgumentResolver currentCallerArgumentResolver() {
        return new CurrentCallerArgumentResolver();
    }

    @Bean
    WebFluxConfigurer currentCallerWebFluxConfigurer(CurrentCallerArgumentResolver resolver) {
        return new WebFluxConfigurer() {

            @Override
            public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
                configurer.addCustomResolver(resolver);
            }

        };
    }

}
