package dev.mnist.core.web;

import dev.mnist.core.InvalidInputException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One path of the API: answers its one method, turns what the responder refuses into a JSON error
 * (400 for unusable input, 405 for another method, 408 for a body that does not arrive in time,
 * 503 when busy, 500 for a bug, logged), and writes the reply. A responder that waits for a body
 * returns a future instead of blocking, so a slow client holds no thread.
 */
public final class Endpoint extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);
    /** Seconds a busy server asks a client to wait before it tries again. */
    static final int RETRY_AFTER_SECONDS = 1;
    /** How long a request body may take to arrive. */
    public static final int BODY_SECONDS = 10;

    /** Makes the reply to one request, now or later. */
    @FunctionalInterface
    public interface Responder {
        CompletableFuture<Reply> respond(Request request) throws Exception;
    }

    /** A reply that is ready at once (no body to read, nothing slow to do). */
    @FunctionalInterface
    public interface Immediate {
        Reply respond(Request request);
    }

    private final String method;
    private final Responder responder;

    public Endpoint(String method, Responder responder) {
        // Blocking: a responder may do its work on the calling thread when the body is already there.
        super(InvocationType.BLOCKING);
        this.method = method;
        this.responder = responder;
    }

    public static Endpoint immediate(String method, Immediate responder) {
        return new Endpoint(method, request -> CompletableFuture.completedFuture(responder.respond(request)));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!method.equals(request.getMethod()) && !("GET".equals(method) && "HEAD".equals(request.getMethod()))) {
            response.getHeaders().put(HttpHeader.ALLOW, method);
            return send(request, response, callback, Reply.error(405, request.getMethod() + " is not allowed here; use " + method));
        }
        CompletableFuture<Reply> reply;
        try {
            reply = responder.respond(request);
        } catch (Exception e) {
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((done, failure) -> {
            if (done == null && hungUp(failure)) {
                request.setAttribute(AccessLog.HUNG_UP, Boolean.TRUE);
            }
            send(request, response, callback, done != null ? done : replyFor(request, failure));
        });
        return true;
    }

    /** Writes a reply; returns true, as a handler that took the request does. */
    public static boolean send(Request request, Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (reply.status() == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (reply.status() >= 400 && "POST".equals(request.getMethod())) {
            // A refused POST's body may be left unread, and then the server drops the connection; say so, so that
            // the client opens a new one for its next request instead of sending it down a closing one.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        boolean head = "HEAD".equals(request.getMethod());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    /** True when the body stopped because the client closed its connection: nothing of the server's went wrong. */
    private static boolean hungUp(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    private static Reply replyFor(Request request, Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof ApiException api) {
            return Reply.error(api.status(), api.getMessage());
        }
        if (e instanceof InvalidInputException) {
            return Reply.error(400, e.getMessage());
        }
        if (e instanceof TimeoutException) {
            return Reply.error(408, "the request body did not arrive within " + BODY_SECONDS + " s");
        }
        if (e instanceof RejectedExecutionException) {
            return Reply.error(503, "busy: too many requests at once; try again");
        }
        HttpException http = HttpException.asHttpException(e);
        if (http != null && http.getCode() != 500) {
            return Reply.error(http.getCode(), JsonErrorHandler.message(http.getCode(), http.getReason()));
        }
        LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
        return Reply.error(500, "internal error");
    }
}
