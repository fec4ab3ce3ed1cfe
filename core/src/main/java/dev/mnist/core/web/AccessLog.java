package dev.mnist.core.web;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** One line per request: {@code 2026-11-23 10:15:02.123 127.0.0.1 POST /api/classify 200 1034B 1.4ms}. */
final class AccessLog implements RequestLog {
    /** Set on a request whose client closed the connection before its body had arrived. */
    static final String HUNG_UP = "mnist.hungUp";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final Consumer<String> lines;
    private final AtomicLong count = new AtomicLong();

    AccessLog(Consumer<String> lines) {
        this.lines = lines;
    }

    long count() {
        return count.get();
    }

    @Override
    public void log(Request request, Response response) {
        count.incrementAndGet();
        double millis = NanoTime.since(request.getBeginNanoTime()) / 1e6;
        String query = request.getHttpURI().getQuery();
        String outcome = request.getAttribute(HUNG_UP) != null
                ? String.format(Locale.ROOT, "client hung up after %dB of its body", Request.getContentBytesRead(request))
                : String.format(Locale.ROOT, "%d %dB", response.getStatus(), Response.getContentBytesWritten(response));
        lines.accept(String.format(Locale.ROOT, "%s %s %s %s%s %s %.1fms",
                TIME.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(Request.getTimeStamp(request)), ZoneId.systemDefault())),
                Request.getRemoteAddr(request), request.getMethod(), request.getHttpURI().getPath(),
                query == null ? "" : "?" + query, outcome, millis));
    }
}
