package io.redkeep.content.bookmark;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.redkeep.content.item.Column;
import io.redkeep.content.item.ContentKind;
import io.redkeep.content.item.FieldReader;
import io.redkeep.content.item.Kind;

import org.springframework.stereotype.Component;

/** Bookmarks: an http(s) URL with a title, a description and two flags. */
@Component
public class BookmarkKind extends ContentKind {

    static final int MAX_URL = 2048;

    public BookmarkKind() {
        super(Kind.BOOKMARK, "title",
                List.of(Column.text("url", "url"), Column.text("title", "title"),
                        Column.text("description", "description"), Column.bool("favorite", "favorite"),
                        Column.bool("archived", "archived")),
                List.of("url", "title"), defaults("description", "", "favorite", false, "archived", false));
    }

    @Override
    public Map<String, Object> parsePatch(FieldReader reader) {
        Map<String, Object> values = new HashMap<>();
        String url = reader.text("url", 1, MAX_URL, true);
        if (url != null) {
            if (isWebUrl(url)) {
                values.put("url", url);
            }
            else {
                reader.reject("url", "must be an absolute http or https URL");
            }
        }
        putIfPresent(values, "title", reader.text("title", 1, 300, true));
        putIfPresent(values, "description", reader.text("description", 0, 5000, false));
        putIfPresent(values, "favorite", reader.bool("favorite"));
        putIfPresent(values, "archived", reader.bool("archived"));
        reader.notNull("url", "title", "description", "favorite", "archived");
        return values;
    }

    static boolean isWebUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            return scheme != null && List.of("http", "https").contains(scheme.toLowerCase(Locale.ROOT))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        }
        catch (URISyntaxException ex) {
            return false;
        }
    }

}
