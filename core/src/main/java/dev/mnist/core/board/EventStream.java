package dev.mnist.core.board;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One open server-sent-events response: events are queued and written one after the other, never
 * two writes at once, without blocking the caller. A write that fails (the page went away) closes it.
 */
final class EventStream {
    private static final int MAX_BACKLOG = 64;

    private final Response response;
    private final Callback done;
    private final Queue<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean closed;

    EventStream(Response response, Callback done) {
        this.response = response;
        this.done = done;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        // Tells the browser how soon to reconnect when the board restarts.
        enqueue("retry: 2000\n\n");
    }

    void send(String event, Object data) {
        enqueue("event: " + event + "\ndata: " + BoardJson.write(data) + "\n\n");
    }

    /** A comment line: it keeps the connection from idling out and finds pages that went away. */
    void keepAlive() {
        enqueue(": keep-alive\n\n");
    }

    synchronized boolean closed() {
        return closed;
    }

    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            if (writing) {
                return;
            }
        }
        done.succeeded();
    }

    private void enqueue(String text) {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (queue.size() >= MAX_BACKLOG) {
                // A page that reads nothing (a suspended tab, a stalled network) is let go; it reconnects when it wakes.
                closed = true;
                queue.clear();
                if (!writing) {
                    done.succeeded();
                }
                return;
            }
            queue.add(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            if (writing) {
                return;
            }
            writing = true;
        }
        writeNext();
    }

    private void writeNext() {
        ByteBuffer next;
        synchronized (this) {
            next = queue.poll();
            if (next == null) {
                writing = false;
                if (closed) {
                    done.succeeded();
                }
                return;
            }
        }
        response.write(false, next, Callback.from(this::writeNext, this::failed));
    }

    private void failed(Throwable failure) {
        synchronized (this) {
            closed = true;
            writing = false;
            queue.clear();
        }
        done.failed(failure);
    }
}
