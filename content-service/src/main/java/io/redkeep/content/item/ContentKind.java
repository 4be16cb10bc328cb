package io.redkeep.content.item;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link ItemKind} described by its columns: a kind declares its columns, its title
 * column and what a create needs (required columns, defaults of the others), and writes
 * only how a request body becomes column values ({@link #parsePatch}). A create is a
 * patch whose required columns are present, with every absent column defaulted.
 */
public abstract class ContentKind implements ItemKind {

    private final Kind kind;

    private final String titleColumn;

    private final List<Column> columns;

    private final List<String> requiredOnCreate;

    private final Map<String, Object> createDefaults;

    /**
     * @param kind the kind
     * @param titleColumn the column used as the item's title
     * @param columns the kind's own columns, in JSON output order
     * @param requiredOnCreate columns a create must name, in the order their errors are
     * reported
     * @param createDefaults values of columns a create leaves out (see
     * {@link #defaults(Object...)})
     */
    protected ContentKind(Kind kind, String titleColumn, List<Column> columns, List<String> requiredOnCreate,
            Map<String, Object> createDefaults) {
        this.kind = kind;
        this.titleColumn = titleColumn;
        this.columns = List.copyOf(columns);
        this.requiredOnCreate = List.copyOf(requiredOnCreate);
        this.createDefaults = Collections.unmodifiableMap(new LinkedHashMap<>(createDefaults));
    }

    @Override
    public final Kind kind() {
        return this.kind;
    }

    @Override
    public final List<Column> columns() {
        return this.columns;
    }

    @Override
    public final String titleColumn() {
        return this.titleColumn;
    }

    @Override
    public Map<String, Object> parseCreate(FieldReader reader) {
        Map<String, Object> values = parsePatch(reader);
        for (String column : this.requiredOnCreate) {
            reader.required(fieldOf(column), values.get(column));
        }
        this.createDefaults.forEach(values::putIfAbsent);
        return values;
    }

    private String fieldOf(String column) {
        for (Column candidate : this.columns) {
            if (candidate.name().equals(column)) {
                return candidate.field();
            }
        }
        throw new IllegalStateException("No column " + column + " in " + this.kind);
    }

    /**
     * Create defaults as column, value pairs; unlike {@code Map.of} a value may be
     * {@code null} (a nullable column a create leaves empty).
     * @param columnsAndValues column name, value, column name, value...
     * @return the defaults
     */
    protected static Map<String, Object> defaults(Object... columnsAndValues) {
        if (columnsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Defaults come in column, value pairs");
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            defaults.put((String) columnsAndValues[i], columnsAndValues[i + 1]);
        }
        return defaults;
    }

    /**
     * Records a field the body named: {@link FieldReader} answers {@code null} for a
     * field that is absent (or invalid, with the error already recorded).
     * @param values the changes
     * @param column the column
     * @param value the value read, or {@code null}
     */
    protected static void putIfPresent(Map<String, Object> values, String column, Object value) {
        if (value != null) {
            values.put(column, value);
        }
    }

}
