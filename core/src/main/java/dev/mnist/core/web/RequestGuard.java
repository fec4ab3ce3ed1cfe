package dev.mnist.core.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What any web page a user visits could otherwise make their browser send to this server: a
 * request under another host name (DNS rebinding: a page of its own domain, resolved to
 * 127.0.0.1) is refused with 403 unless the name is allowed ({@code --allow-host}); a POST from
 * another origin is refused with 403; a POST whose body is not declared an image or JSON (the
 * form and text types a page may send without asking) is refused with 415. An IP address as the
 * host cannot be rebound, so it is allowed when it is the one listened on (any, for 0.0.0.0).
 */
public final class RequestGuard extends Handler.Wrapper {
    /** An IPv4 address, or an IPv6 one (it has a colon); brackets are gone by then. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9a-f]*:[0-9a-f:.]*");
    private static final Set<String> ALLOWED_TYPES = Set.of("application/json", "application/octet-stream");

    private final String boundHost;
    private final boolean boundToAll;
    private final boolean boundToLoopback;
    private final Set<String> allowedNames;

    RequestGuard(String boundHost, List<String> allowedNames, Handler handler) {
        super(handler);
        this.boundHost = normalise(boundHost == null ? "" : boundHost);
        this.boundToAll = this.boundHost.isEmpty() || this.boundHost.equals("0.0.0.0") || this.boundHost.equals("::");
        this.boundToLoopback = isLoopback(this.boundHost);
        java.util.stream.Stream<String> names = allowedNames.stream().map(RequestGuard::normalise);
        // A name given to listen on (--host mybox.lan) is this server's own.
        if (!this.boundHost.isEmpty() && !IP_LITERAL.matcher(this.boundHost).matches()) {
            names = java.util.stream.Stream.concat(names, java.util.stream.Stream.of(this.boundHost));
        }
        this.allowedNames = names.collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String hostHeader = request.getHeaders().get(HttpHeader.HOST);
        String host = normalise(hostHeader == null ? "" : stripPort(hostHeader));
        if (!allowed(host)) {
            return Endpoint.send(request, response, callback, Reply.error(403, "Host '" + host + "' is not this server's name; "
                    + "start it with --allow-host " + (host.isEmpty() ? "NAME" : host) + " to answer to it"));
        }
        if ("POST".equals(request.getMethod())) {
            String origin = request.getHeaders().get(HttpHeader.ORIGIN);
            if (origin != null && !origin.equalsIgnoreCase("http://" + hostHeader)) {
                return Endpoint.send(request, response, callback, Reply.error(403, "requests from other origins ("
                        + origin + ") are refused"));
            }
            String type = mediaType(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
            if (!type.startsWith("image/") && !type.endsWith("+json") && !ALLOWED_TYPES.contains(type)) {
                return Endpoint.send(request, response, callback, Reply.error(415, (type.startsWith("multipart/")
                        ? "send the image itself as the body, not a form upload; " : "")
                        + "declare the body's type: Content-Type: image/png (or another image type) or application/json"));
            }
        }
        return super.handle(request, response, callback);
    }

    private boolean allowed(String host) {
        if (allowedNames.contains(host)) {
            return true;
        }
        if (host.equals("localhost")) {
            return boundToAll || boundToLoopback;
        }
        if (IP_LITERAL.matcher(host).matches()) {
            return boundToAll || host.equals(boundHost) || boundToLoopback && isLoopback(host);
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (!IP_LITERAL.matcher(host).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** Lower case, without the brackets of an IPv6 literal. */
    private static String normalise(String host) {
        String lower = host.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static String stripPort(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
        }
        int colon = hostHeader.lastIndexOf(':');
        return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
    }

    public static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
