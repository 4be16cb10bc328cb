package io.redkeep.content.item;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;

/** The {@link ItemKind} of every {@link Kind}. */
public class ItemKinds {

    private final Map<Kind, ItemKind> kinds = new EnumMap<>(Kind.class);

    public ItemKinds(List<ItemKind> kinds) {
        for (ItemKind kind : kinds) {
            this.kinds.put(kind.kind(), kind);
        }
        for (Kind kind : Kind.values()) {
            if (!this.kinds.containsKey(kind)) {
                throw new IllegalStateException("No ItemKind for " + kind);
            }
        }
    }

    public ItemKind get(Kind kind) {
        return this.kinds.get(kind);
    }

    /** The kind of a path segment; unknown segments are {@code 404}. */
    public ItemKind byPath(String plural) {
        return Kind.fromPlural(plural)
            .map(this.kinds::get)
            .orElseThrow(() -> new ProblemException(ProblemCode.NOT_FOUND, "No resource at this path"));
    }

}
