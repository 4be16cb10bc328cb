package io.redkeep.redis.script;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The application's Lua scripts by name, each read from the class path once. Inject it
 * and keep the returned {@link RedisScript} in a field.
 */
public final class RedisScripts {

    private final ClassLoader classLoader;

    private final ConcurrentMap<String, RedisScript> scripts = new ConcurrentHashMap<>();

    public RedisScripts(ClassLoader classLoader) {
        this.classLoader = (classLoader != null) ? classLoader : RedisScripts.class.getClassLoader();
    }

    /** The script {@code META-INF/scripts/<name>.lua}; fails at once if it is missing. */
    public RedisScript get(String name) {
        return this.scripts.computeIfAbsent(name, (key) -> RedisScript.load(key, this.classLoader));
    }

}
