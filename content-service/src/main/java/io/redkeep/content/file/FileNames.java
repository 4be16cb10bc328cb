package io.redkeep.content.file;

import java.nio.charset.StandardCharsets;

import io.redkeep.content.item.Text;

/**
 * File names are metadata only (blobs are stored by hash), yet they travel back in
 * {@code Content-Disposition}: uploads are reduced to a safe base name, and downloads
 * carry an ASCII fallback plus an RFC 5987 {@code filename*} (RFC 6266).
 */
public final class FileNames {

    public static final int MAX_LENGTH = 255;

    static final String FALLBACK = "file";

    private FileNames() {
    }

    /**
     * The name an upload is stored under: the last path segment, without control or
     * format characters, at most 255 code points (the extension kept when cut).
     */
    public static String sanitize(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        StringBuilder clean = new StringBuilder();
        name.codePoints().filter((cp) -> !isUnsafe(cp)).forEach(clean::appendCodePoint);
        name = Text.strip(clean.toString());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return FALLBACK;
        }
        return truncate(name);
    }

    /** Why a client-chosen name (PATCH) is refused, or {@code null} when it is fine. */
    public static String problem(String name) {
        if (name.codePoints().anyMatch(FileNames::isUnsafe)) {
            return "must not contain control characters";
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            return "must not contain '/' or '\\'";
        }
        if (name.equals(".") || name.equals("..")) {
            return "must be a file name";
        }
        return null;
    }

    /**
     * {@code attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>}.
     */
    public static String contentDisposition(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach((cp) -> {
            boolean plain = cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%' && cp != ';';
            ascii.append(plain ? (char) cp : '_');
        });
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                encoded.append((char) c);
            }
            else {
                encoded.append('%')
                    .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }

    private static boolean isUnsafe(int cp) {
        int type = Character.getType(cp);
        return Character.isISOControl(cp) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.PRIVATE_USE
                || type == Character.UNASSIGNED;
    }

    private static String truncate(String name) {
        int length = name.codePointCount(0, name.length());
        if (length <= MAX_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = (dot > 0 && name.length() - dot <= 16) ? name.substring(dot) : "";
        int keep = MAX_LENGTH - extension.codePointCount(0, extension.length());
        return name.substring(0, name.offsetByCodePoints(0, keep)) + extension;
    }

}
