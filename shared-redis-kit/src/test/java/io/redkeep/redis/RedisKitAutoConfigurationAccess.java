package io.redkeep.redis;

/** Lets tests in other packages name the package-private auto-configuration. */
public final class RedisKitAutoConfigurationAccess {

    private RedisKitAutoConfigurationAccess() {
    }

    public static Class<?> type() {
        return RedisKitAutoConfiguration.class;
    }

}
