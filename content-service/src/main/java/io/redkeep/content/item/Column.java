package io.redkeep.content.item;

/**
 * A kind-specific column and the JSON field it appears as.
 *
 * @param name the SQL column name (a constant, never user input)
 * @param field the camelCase JSON field
 * @param type how the value is bound, read and rendered
 */
public record Column(String name, String field, Type type) {

    public static Column text(String name, String field) {
        return new Column(name, field, Type.TEXT);
    }

    public static Column bool(String name, String field) {
        return new Column(name, field, Type.BOOLEAN);
    }

    public static Column timestamp(String name, String field) {
        return new Column(name, field, Type.TIMESTAMP);
    }

    public static Column int8(String name, String field) {
        return new Column(name, field, Type.BIGINT);
    }

    /** Java types of column values: String, Boolean, OffsetDateTime (UTC), Long. */
    public enum Type {

        TEXT(String.class),

        BOOLEAN(Boolean.class),

        TIMESTAMP(java.time.OffsetDateTime.class),

        BIGINT(Long.class);

        private final Class<?> javaType;

        Type(Class<?> javaType) {
            this.javaType = javaType;
        }

        public Class<?> javaType() {
            return this.javaType;
        }

    }

}
