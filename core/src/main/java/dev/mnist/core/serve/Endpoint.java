package dev.mnist.core.serve;

import dev.mnist.core.InvalidInputException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * One path of the API: answers its one method, turns what the responder refuses into a JSON error
 * (400 for unusable input, 405 for another method, 500 for a bug, logged), and writes the reply.
 */
final class Endpoint extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Endpoint.class);

    /** Makes the reply to one request; may block (reading the body, running the model). */
    @FunctionalInterface
    interface Responder {
        Reply respond(Request request) throws Exception;
    }

    private final String method;
    private final Responder responder;

    Endpoint(String method, Responder responder) {
        super(InvocationType.BLOCKING);
        this.method = method;
        this.responder = responder;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Reply reply;
        if (!method.equals(request.getMethod()) && !("GET".equals(method) && "HEAD".equals(request.getMethod()))) {
            response.getHeaders().put(HttpHeader.ALLOW, method);
            reply = Reply.error(405, request.getMethod() + " is not allowed here; use " + method);
        } else {
            reply = respond(request);
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        boolean head = "HEAD".equals(request.getMethod());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    private Reply respond(Request request) {
        try {
            return responder.respond(request);
        } catch (ApiException e) {
            return Reply.error(e.status(), e.getMessage());
        } catch (InvalidInputException e) {
            return Reply.error(400, e.getMessage());
        } catch (Exception e) {
            HttpException http = HttpException.asHttpException(e);
            if (http != null && http.getCode() != 500) {
                return Reply.error(http.getCode(), JsonErrorHandler.message(http.getCode(), http.getReason()));
            }
            LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            return Reply.error(500, "internal error: " + e);
        }
    }
}
