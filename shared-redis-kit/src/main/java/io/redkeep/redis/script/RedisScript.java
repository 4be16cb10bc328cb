package io.redkeep.redis.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.redkeep.redis.RedisRoleClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One Lua script from {@code META-INF/scripts/<name>.lua}, read once, its SHA-1 computed
 * locally. Runs with EVALSHA; when the server answers NOSCRIPT (a restart, SCRIPT FLUSH,
 * or a failover to a master that never saw the script) it loads the script and runs
 * EVALSHA again, once.
 *
 * <p>
 * EVALSHA is not replayed after a reconnect (it may or may not have run). A script that
 * must not apply twice takes a request id and records it under a {@code tk:seen:*} key
 * inside the script, so a caller's own retry is harmless.
 *
 * @param name the file name without {@code .lua}
 * @param source the script text
 * @param sha the lower-case hex SHA-1 of the source, as Redis computes it
 */
public record RedisScript(String name, String source, String sha) {

    static final String LOCATION = "META-INF/scripts/";

    /** Reads {@code META-INF/scripts/<name>.lua} from the class path. */
    public static RedisScript load(String name) {
        return load(name, RedisScript.class.getClassLoader());
    }

    static RedisScript load(String name, ClassLoader classLoader) {
        String path = LOCATION + name + ".lua";
        try (InputStream in = classLoader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("No Lua script at classpath:" + path);
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RedisScript(name, source, sha1Hex(source));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read classpath:" + path, ex);
        }
    }

    /** Runs the script on {@code role} and emits every element of its reply. */
    public <T> Flux<T> flux(RedisRoleClient role, ScriptOutputType type, List<String> keys, String... args) {
        String[] keyArray = keys.toArray(String[]::new);
        return role.flux((commands) -> evalsha(commands, type, keyArray, args));
    }

    /**
     * Runs the script on {@code role} and emits its single reply (or nothing for nil).
     */
    public <T> Mono<T> mono(RedisRoleClient role, ScriptOutputType type, List<String> keys, String... args) {
        String[] keyArray = keys.toArray(String[]::new);
        return role.mono((commands) -> this.<T>evalsha(commands, type, keyArray, args).next());
    }

    /**
     * EVALSHA with the NOSCRIPT fallback, for use inside a caller's own
     * {@link RedisRoleClient#mono} block.
     */
    public <T> Flux<T> evalsha(RedisReactiveCommands<String, String> commands, ScriptOutputType type, String[] keys,
            String... args) {
        return commands.<T>evalsha(this.sha, type, keys, args)
            .onErrorResume(RedisNoScriptException.class, (ex) -> commands.scriptLoad(this.source)
                .thenMany(Flux.defer(() -> commands.<T>evalsha(this.sha, type, keys, args))));
    }

    static String sha1Hex(String source) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", ex);
        }
    }

}
