package io.redkeep.bench.content;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Search queries from the corpus' vocabulary: one or two words, half of them with the
 * last word cut short as typed (the service matches it as a prefix). {@link #fresh()}
 * never returns a pair returned before, so it is always a cache MISS.
 */
final class Queries {

    private final Vocabulary vocabulary;

    private final List<UUID> users;

    private final Set<Query> asked = ConcurrentHashMap.newKeySet();

    Queries(Vocabulary vocabulary, List<UUID> users) {
        this.vocabulary = vocabulary;
        this.users = users;
    }

    Query fresh() {
        while (true) {
            Query query = draw(ThreadLocalRandom.current());
            if (this.asked.add(query)) {
                return query;
            }
        }
    }

    List<Query> pool(int size) {
        List<Query> pool = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            pool.add(fresh());
        }
        return List.copyOf(pool);
    }

    private Query draw(Random random) {
        UUID user = this.users.get(random.nextInt(this.users.size()));
        String q = this.vocabulary.text(random, 1 + random.nextInt(2));
        int lastSpace = q.lastIndexOf(' ');
        String last = q.substring(lastSpace + 1);
        if (random.nextBoolean() && last.length() > 4) {
            q = q.substring(0, lastSpace + 1) + last.substring(0, 3 + random.nextInt(last.length() - 3));
        }
        return new Query(user, q);
    }

}
