package io.redkeep.redis;

/**
 * The outcome of {@link RedisRoleClient#durably}: the write's reply plus how many
 * replicas confirmed it. {@link #unreplicated()} is the case callers must act on (log,
 * metric, or refuse): replicas exist but none acknowledged in time, so a failover now
 * could lose the write.
 *
 * @param <T> the write's reply type
 * @param value the write's reply
 * @param replicas replicas connected to the master when the write ran
 * @param acknowledged replicas that acknowledged the write within the timeout
 */
public record DurableWrite<T>(T value, int replicas, int acknowledged) {

    /** Replicas exist and at least one confirmed the write. */
    public boolean replicated() {
        return this.acknowledged > 0;
    }

    /** Replicas exist but none confirmed the write in time. */
    public boolean unreplicated() {
        return this.replicas > 0 && this.acknowledged == 0;
    }

}
