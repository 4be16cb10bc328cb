package io.redkeep.bench.content;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Pronounceable made-up words with Zipf-distributed frequencies: a few words are in a
 * large share of the items (as "meeting" or "project" would be), most are rare. Both the
 * corpus and the queries draw from it, so query selectivity spans the range a real corpus
 * has. Deterministic for a seed.
 */
final class Vocabulary {

    private static final String[] ONSETS = { "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
            "v", "w", "z", "br", "cr", "dr", "fl", "gr", "pl", "pr", "st", "tr", "sh", "ch", "th" };

    private static final String[] VOWELS = { "a", "e", "i", "o", "u", "ai", "ou", "ea" };

    private static final String[] CODAS = { "", "", "", "n", "r", "l", "m", "s", "t", "x", "nd", "rk" };

    private final List<String> words;

    private final double[] cumulative;

    Vocabulary(int size, double exponent, long seed) {
        Random random = new Random(seed);
        Set<String> unique = new LinkedHashSet<>();
        while (unique.size() < size) {
            unique.add(word(random));
        }
        this.words = List.copyOf(unique);
        this.cumulative = new double[size];
        double sum = 0;
        for (int rank = 0; rank < size; rank++) {
            sum += 1 / Math.pow(rank + 1, exponent);
            this.cumulative[rank] = sum;
        }
        for (int rank = 0; rank < size; rank++) {
            this.cumulative[rank] /= sum;
        }
    }

    /** A word drawn by its Zipf weight. */
    String next(Random random) {
        int index = Arrays.binarySearch(this.cumulative, random.nextDouble());
        return this.words.get(Math.min((index >= 0) ? index : -index - 1, this.words.size() - 1));
    }

    /** {@code count} words separated by spaces. */
    String text(Random random, int count) {
        StringBuilder text = new StringBuilder(count * 8);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(next(random));
        }
        return text.toString();
    }

    /** A title: capitalised first word. */
    String title(Random random, int count) {
        String text = text(random, count);
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    int size() {
        return this.words.size();
    }

    List<String> words() {
        return new ArrayList<>(this.words);
    }

    private static String word(Random random) {
        int syllables = 2 + random.nextInt(2);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            word.append(ONSETS[random.nextInt(ONSETS.length)]).append(VOWELS[random.nextInt(VOWELS.length)]);
        }
        return word.append(CODAS[random.nextInt(CODAS.length)]).toString();
    }

}
