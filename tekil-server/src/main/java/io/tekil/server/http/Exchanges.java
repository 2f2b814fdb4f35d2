package io.tekil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tekil.core.error.TekilException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Reading requests and writing JSON responses on the JDK HTTP server. */
final class Exchanges {
    private Exchanges() {}

    /** A request body held in memory: {@code bytes[0, length)}. */
    record Body(byte[] bytes, int length) {}

    /**
     * Reads the whole body, gunzipping it when it is gzip: when {@code Content-Encoding} says so, or when it
     * starts with the gzip magic bytes whatever the headers claim. Stops reading past {@code limit} bytes of
     * uncompressed data, so neither large bodies nor gzip bombs cost memory.
     *
     * @throws TekilException user error when the body is too large or is not the gzip it claims to be
     */
    static Body readBody(HttpExchange exchange, int limit, String limitName) throws IOException {
        InputStream in = exchange.getRequestBody();
        long declared = declaredLength(exchange);
        // a body declared over the limit is read to the limit as before, so that the JDK server, which drains at most
        // 64 KB of what a handler leaves unread, can still answer with the 400 rather than a reset connection
        byte[] raw = declared >= 0 && declared <= limit ? readDeclared(in, (int) declared) : readAtMost(in, limit);
        boolean declaredGzip = exchange.getRequestHeaders().getOrDefault("Content-Encoding", java.util.List.of()).stream()
                .anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("gzip"));
        boolean looksGzip = raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b;
        if (!declaredGzip && !looksGzip) {
            if (raw.length > limit) {
                throw tooLarge(limit, limitName);
            }
            return new Body(raw, raw.length);
        }
        if (!looksGzip) {
            throw TekilException.userError("the body is declared Content-Encoding: gzip but is not gzip data; "
                    + "compress it with gzip or drop the header");
        }
        if (raw.length > limit) {
            // More compressed bytes than the uncompressed limit: it cannot fit once inflated.
            throw tooLarge(limit, limitName);
        }
        try (InputStream gunzip = new GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
            byte[] inflated = readAtMost(gunzip, limit);
            if (inflated.length > limit) {
                throw tooLarge(limit, limitName);
            }
            return new Body(inflated, inflated.length);
        } catch (ZipException | java.io.EOFException e) {
            throw TekilException.userError("the gzip body is corrupt or truncated (%s); send complete gzip data", e.getMessage());
        }
    }

    /** The {@code Content-Length} of the request, or -1 when it has none (a chunked body); the JDK server refuses one that is not a number. */
    private static long declaredLength(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Content-Length");
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Reads a body of known length straight into an array of that size: one copy, where reading in pieces into a
     * growing buffer copied a batch three times over. A body cut short keeps what arrived (and fails to parse).
     */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        return read == length ? body : Arrays.copyOf(body, read);
    }

    /** Reads up to {@code limit + 1} bytes, enough to tell whether the stream exceeds {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit + 1, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        int read;
        while (total <= limit && (read = in.read(buffer, 0, Math.min(buffer.length, limit + 1 - total))) != -1) {
            out.write(buffer, 0, read);
            total += read;
        }
        return out.toByteArray();
    }

    private static TekilException tooLarge(int limit, String limitName) {
        return TekilException.userError("request body too large: more than %d bytes of JSON (the limit, %s); "
                + "send smaller batches", limit, limitName);
    }

    /** The username of an HTTP Basic {@code Authorization} header, or null when there is none. */
    static String basicUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            throw TekilException.unauthorized("the Authorization header is not valid Basic credentials (base64 of \"writeKey:\")");
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    static Map<String, String> query(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, String> parameters = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw TekilException.userError("malformed query string near '%s': %s", pair, e.getMessage());
            }
        }
        return parameters;
    }

    static void sendJson(HttpExchange exchange, int status, Object body, ObjectMapper mapper) throws IOException {
        byte[] bytes = mapper.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sendFile(HttpExchange exchange, java.nio.file.Path file, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(HttpStatus.OK, java.nio.file.Files.size(file));
        try (OutputStream out = exchange.getResponseBody()) {
            java.nio.file.Files.copy(file, out);
        }
    }

    static void sendText(HttpExchange exchange, String text, String contentType) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(HttpStatus.OK, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The request body as a stream, gunzipped when {@code Content-Encoding} says gzip or the body starts like gzip. */
    static InputStream bodyStream(HttpExchange exchange) throws IOException {
        java.io.BufferedInputStream in = new java.io.BufferedInputStream(exchange.getRequestBody(), 64 * 1024);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 64 * 1024) : in;
    }

    static void sendError(HttpExchange exchange, int status, String message, ObjectMapper mapper) throws IOException {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("success", false);
        body.put("error", message);
        sendJson(exchange, status, body, mapper);
    }

    static void methodNotAllowed(HttpExchange exchange, ObjectMapper mapper, String... allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        sendError(exchange, HttpStatus.METHOD_NOT_ALLOWED, String.format("method %s is not allowed here; use %s",
                exchange.getRequestMethod(), Arrays.toString(allowed)), mapper);
    }
}
