package io.redkeep.content.search;

import org.springframework.web.util.HtmlUtils;

/**
 * Turns a {@code ts_headline} fragment into the spec's snippet: every character
 * HTML-escaped except the {@code <mark>}/{@code </mark>} that wrap matches.
 */
final class Snippets {

    private Snippets() {
    }

    static String render(String headline) {
        if (headline == null) {
            return "";
        }
        String text = headline.replace(SearchStore.LESS_THAN, '<').replace(SearchStore.GREATER_THAN, '>');
        String escaped = HtmlUtils.htmlEscape(text, "UTF-8");
        return escaped.replace(String.valueOf(SearchStore.MARK_START), "<mark>")
            .replace(String.valueOf(SearchStore.MARK_END), "</mark>");
    }

}
