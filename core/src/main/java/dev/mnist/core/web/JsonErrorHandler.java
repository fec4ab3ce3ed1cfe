package dev.mnist.core.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Locale;

/** Errors Jetty itself answers (no such path, a body over the limit, shutting down) in the API's JSON form. */
final class JsonErrorHandler extends ErrorHandler {
    private final String notFound;

    /** @param notFound the answer to a path that is not there: what there is instead */
    JsonErrorHandler(String notFound) {
        this.notFound = notFound;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Reply reply = Reply.error(code, code == 404 ? notFound : message(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }

    /** A sentence for a status, instead of Jetty's bare reason phrase. */
    static String message(int code, String reason) {
        return switch (code) {
            case 413 -> String.format(Locale.ROOT, "request body over the limit of %d MB", WebServer.MAX_BODY_BYTES >> 20);
            case 503 -> "the server is shutting down";
            case 500 -> "internal error";
            default -> reason == null || reason.isBlank() ? "HTTP " + code : reason;
        };
    }
}
