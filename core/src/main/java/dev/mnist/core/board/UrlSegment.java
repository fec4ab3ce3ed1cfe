package dev.mnist.core.board;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A name as one path segment of a URL, as the page's encodeURIComponent makes it. */
final class UrlSegment {
    private UrlSegment() {
    }

    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
