import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load test of 'mnist serve' over loopback: a fixed number of POST /api/classify
 * requests (stopping early at a time limit) from a number of concurrent clients, after a warm-up.
 * Prints requests/s and p50/p90/p99/max latency.
 *
 *   java bench/ServeLoad.java URL IMAGE.png png|json REQUESTS CONCURRENCY MAX_SECONDS
 *
 * 'json' sends the image's gray pixels as {"pixels": [[...]]}; 'png' sends the file itself.
 * Each client keeps one HTTP/1.1 connection and writes its requests on a plain socket: a light
 * client, so that the figures are the server's and not the client's (java.net.http's client
 * hands every request between threads, which on 2 cores costs milliseconds at p99).
 */
public class ServeLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]).resolve("api/classify");
        Path image = Path.of(args[1]);
        boolean json = args[2].equals("json");
        int requests = Integer.parseInt(args[3]);
        int concurrency = Integer.parseInt(args[4]);
        long deadline = System.nanoTime() + (long) (Double.parseDouble(args[5]) * 1e9);
        byte[] body = json ? pixelsJson(ImageIO.read(image.toFile())) : Files.readAllBytes(image);
        String type = json ? "application/json" : "image/png";
        byte[] head = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);

        try (Connection warmUp = new Connection(uri)) {
            for (int i = 0; i < 500; i++) {
                warmUp.send(request);
            }
        }
        long[] latency = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        Thread[] clients = new Thread[concurrency];
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            clients[c] = new Thread(() -> {
                try (Connection connection = new Connection(uri)) {
                    for (int i; (i = next.getAndIncrement()) < requests && System.nanoTime() < deadline; ) {
                        long t = System.nanoTime();
                        if (connection.send(request) != 200) {
                            errors.incrementAndGet();
                        }
                        latency[i] = System.nanoTime() - t;
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                    System.err.println("client: " + e);
                }
            });
            clients[c].start();
        }
        for (Thread client1 : clients) {
            client1.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] done = Arrays.stream(latency).filter(l -> l > 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s %d B, %d client%s: %d requests in %.2f s = %.0f req/s; latency ms p50 %.2f  p90 %.2f  p99 %.2f  max %.2f; errors %d%n",
                json ? "JSON 28x28" : "PNG " + image.getFileName(), body.length, concurrency, concurrency == 1 ? "" : "s",
                done.length, seconds, done.length / seconds, ms(done, 0.50), ms(done, 0.90), ms(done, 0.99),
                done[done.length - 1] / 1e6, errors.get());
    }

    /** One kept-alive HTTP/1.1 connection: writes a request, reads the status and the whole body. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(URI uri) throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        int send(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            int length = 0;
            for (String header; !(header = line()).isEmpty(); ) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
            }
            if (in.readNBytes(length).length != length) {
                throw new IOException("connection closed mid-response");
            }
            return Integer.parseInt(status.split(" ")[1]);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static byte[] pixelsJson(BufferedImage image) {
        StringBuilder json = new StringBuilder("{\"pixels\":[");
        for (int y = 0; y < image.getHeight(); y++) {
            json.append(y == 0 ? "[" : ",[");
            for (int x = 0; x < image.getWidth(); x++) {
                json.append(x == 0 ? "" : ",").append(image.getRaster().getSample(x, y, 0));
            }
            json.append(']');
        }
        return json.append("]}").toString().getBytes();
    }
}
