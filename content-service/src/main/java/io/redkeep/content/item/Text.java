package io.redkeep.content.item;

/**
 * Unicode-aware trimming as the spec defines it ("after trimming" strips Unicode
 * whitespace at both ends, including no-break and other space separators that
 * {@link String#strip()} keeps).
 */
public final class Text {

    private Text() {
    }

    public static String strip(String value) {
        int start = 0;
        int end = value.length();
        while (start < end) {
            int cp = value.codePointAt(start);
            if (!isSpace(cp)) {
                break;
            }
            start += Character.charCount(cp);
        }
        while (end > start) {
            int cp = value.codePointBefore(end);
            if (!isSpace(cp)) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return value.substring(start, end);
    }

    static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85 || cp == 0x200B || cp == 0xFEFF;
    }

}
