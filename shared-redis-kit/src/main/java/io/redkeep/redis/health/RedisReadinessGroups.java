package io.redkeep.redis.health;

import java.util.Set;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;

/**
 * Adds the health contributors of the roles in {@code redkeep.redis.readiness-roles} to
 * the {@code readiness} group, so each service's readiness follows the roles it cannot
 * work without (and no others).
 */
final class RedisReadinessGroups implements HealthEndpointGroupsPostProcessor {

    static final String READINESS = "readiness";

    private final Set<String> contributors;

    RedisReadinessGroups(Set<String> contributors) {
        this.contributors = contributors;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        HealthEndpointGroup readiness = groups.get(READINESS);
        if (readiness == null || this.contributors.isEmpty()) {
            return groups;
        }
        return new WithReadiness(groups, new ReadinessGroup(readiness, this.contributors));
    }

    private record WithReadiness(HealthEndpointGroups delegate,
            HealthEndpointGroup readiness) implements HealthEndpointGroups {

        @Override
        public HealthEndpointGroup getPrimary() {
            return this.delegate.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return this.delegate.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            return READINESS.equals(name) ? this.readiness : this.delegate.get(name);
        }

        @Override
        public HealthEndpointGroup get(AdditionalHealthEndpointPath path) {
            HealthEndpointGroup group = this.delegate.get(path);
            return (group != null && group.getAdditionalPath() != null
                    && group.getAdditionalPath().equals(this.readiness.getAdditionalPath())) ? this.readiness : group;
        }

    }

    private record ReadinessGroup(HealthEndpointGroup delegate,
            Set<String> contributors) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return this.contributors.contains(name) || this.delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return this.delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return this.delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return this.delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return this.delegate.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return this.delegate.getAdditionalPath();
        }

    }

}
