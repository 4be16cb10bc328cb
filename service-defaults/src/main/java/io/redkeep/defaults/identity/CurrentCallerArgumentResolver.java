package io.redkeep.defaults.identity;

import reactor.core.publisher.Mono;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves {@link CurrentCaller @CurrentCaller} {@link Caller} parameters. Without an
 * authenticated caller (identity switched off, or a public path) the request fails with
 * {@code 401 unauthenticated} rather than passing {@code null}.
 */
public class CurrentCallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.hasParameterAnnotation(CurrentCaller.class) && parameter.getParameterType() == Caller.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
            ServerWebExchange exchange) {
        return Caller.current()
            .<Object>map((caller) -> caller)
            .switchIfEmpty(Mono
                .error(() -> new ProblemException(ProblemCode.UNAUTHENTICATED, "A valid internal token is required")));
    }

}
