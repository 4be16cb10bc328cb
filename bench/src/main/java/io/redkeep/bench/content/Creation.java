package io.redkeep.bench.content;

import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** A create request body, rotating over the kinds the JSON API creates. */
record Creation(String plural, String json) {

    static Creation of(long i, Vocabulary vocabulary) {
        Random random = ThreadLocalRandom.current();
        String title = vocabulary.title(random, 3 + random.nextInt(5));
        String text = vocabulary.text(random, 20 + random.nextInt(60));
        return switch ((int) (i % 3)) {
            case 0 -> new Creation("notes",
                    "{\"title\":\"" + title + "\",\"content\":\"" + text + "\",\"tags\":[\"bench\"]}");
            case 1 -> new Creation("bookmarks", "{\"url\":\"https://" + vocabulary.next(random)
                    + ".example/\",\"title\":\"" + title + "\",\"description\":\"" + text + "\"}");
            default -> new Creation("tasks",
                    "{\"title\":\"" + title + "\",\"description\":\"" + text + "\",\"priority\":\"medium\"}");
        };
    }

}
