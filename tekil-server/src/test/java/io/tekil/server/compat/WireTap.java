package io.tekil.server.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A TCP pass-through on a loopback port in front of a server, keeping a copy of every byte clients send. The
 * server receives the SDK's bytes unchanged (chunked framing, gzip and all), and the test can still read each
 * request as the SDK put it on the wire, without configuring the SDK any differently from a real shop.
 *
 * <p>{@link #requests()} parses the HTTP/1.1 requests captured so far; a request still being sent is left out.
 */
final class WireTap implements AutoCloseable {
    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** One request as sent: its method, path and headers, and its body's JSON after undoing any gzip. */
    record Recorded(String method, String path, Map<String, String> headers, boolean gzipBytes, JsonNode body) {
        /** The header's value, by case-insensitive name; null when absent. */
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        List<JsonNode> messages() {
            List<JsonNode> messages = new ArrayList<>();
            body.path("batch").forEach(messages::add);
            return messages;
        }
    }

    private final ObjectMapper mapper;
    private final int targetPort;
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ByteArrayOutputStream> connections = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    WireTap(ObjectMapper mapper, int targetPort) {
        this.mapper = mapper;
        this.targetPort = targetPort;
        try {
            listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.submit(this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(server);
                ByteArrayOutputStream captured = new ByteArrayOutputStream();
                connections.add(captured);
                threads.submit(() -> pump(client, server, captured));
                threads.submit(() -> pump(server, client, null));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Copies {@code from} to {@code to} until either side closes, keeping a copy in {@code captured} first. */
    private static void pump(Socket from, Socket to, ByteArrayOutputStream captured) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (captured != null) {
                    synchronized (captured) {
                        captured.write(buffer, 0, read);
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed; closing both below ends the other pump too
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Every complete request captured so far, per connection in the order they were opened. */
    List<Recorded> requests() {
        List<Recorded> requests = new ArrayList<>();
        for (ByteArrayOutputStream connection : connections) {
            byte[] bytes;
            synchronized (connection) {
                bytes = connection.toByteArray();
            }
            parse(bytes, requests);
        }
        return requests;
    }

    private void parse(byte[] data, List<Recorded> into) {
        int position = 0;
        while (position < data.length) {
            int headersEnd = indexOf(data, END_OF_HEADERS, position);
            if (headersEnd < 0) {
                return;
            }
            String[] lines = new String(data, position, headersEnd - position, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new TreeMap<>();
            for (String line : Arrays.asList(lines).subList(1, lines.length)) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            position = headersEnd + END_OF_HEADERS.length;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    int lineEnd = indexOf(data, "\r\n".getBytes(StandardCharsets.ISO_8859_1), position);
                    if (lineEnd < 0) {
                        return;
                    }
                    int size = Integer.parseInt(new String(data, position, lineEnd - position, StandardCharsets.ISO_8859_1)
                            .split(";")[0].trim(), 16);
                    position = lineEnd + 2;
                    if (position + size + 2 > data.length) {
                        return;
                    }
                    body.write(data, position, size);
                    position += size + 2;
                    if (size == 0) {
                        break;
                    }
                }
            } else if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                if (position + length > data.length) {
                    return;
                }
                body.write(data, position, length);
                position += length;
            }
            into.add(recorded(requestLine[0], requestLine[1], headers, body.toByteArray()));
        }
    }

    private Recorded recorded(String method, String path, Map<String, String> headers, byte[] body) {
        boolean gzip = body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
        try {
            byte[] json = gzip ? new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes() : body;
            return new Recorded(method, path, Map.copyOf(headers), gzip, json.length == 0 ? mapper.nullNode() : mapper.readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException("the body of " + method + " " + path + " is not (gzipped) JSON", e);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(WireTap::closeQuietly);
        threads.close();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing on the way out
        }
    }
}
