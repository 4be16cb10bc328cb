package io.redkeep.realtime.delivery;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The connections open on this instance, by user. */
final class ConnectionRegistry {

    private final Map<UUID, Set<ClientConnection>> byUser = new ConcurrentHashMap<>();

    void add(ClientConnection connection) {
        this.byUser.computeIfAbsent(connection.userId(), (user) -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(ClientConnection connection) {
        this.byUser.computeIfPresent(connection.userId(), (user, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    boolean isEmpty() {
        return this.byUser.isEmpty();
    }

    Collection<ClientConnection> of(UUID userId) {
        Set<ClientConnection> set = this.byUser.get(userId);
        return (set != null) ? List.copyOf(set) : List.of();
    }

    /** Every open connection of this instance. */
    void forEach(java.util.function.Consumer<ClientConnection> action) {
        this.byUser.values().forEach((set) -> set.forEach(action));
    }

    int size() {
        return this.byUser.values().stream().mapToInt(Set::size).sum();
    }

}
