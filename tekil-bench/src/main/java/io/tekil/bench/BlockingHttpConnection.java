package io.tekil.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a blocking socket: writes a request head (and a body), reads the status
 * line, the headers and a {@code Content-Length} body. It spends far less CPU and fewer thread hand-offs per
 * request than {@link java.net.http.HttpClient}, which matters when client and server share two cores and when a
 * harness measures the server's latency rather than the client's. A request can be written from several buffers in
 * one gathering write ({@link #exchange(ByteBuffer[])}), so a body held in direct memory is not copied in Java.
 */
final class BlockingHttpConnection implements AutoCloseable {
    /** A response: its status code and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final SocketChannel channel;
    private final InputStream in;
    /**
     * What was read from the socket and not yet used: {@code [next, end)}. Read here rather than through a
     * {@code BufferedInputStream}, whose {@code read()} takes a lock for each byte of the response head.
     */
    private final byte[] buffer = new byte[16 * 1024];
    private int next;
    private int end;

    private BlockingHttpConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream(); // reads honour SO_TIMEOUT
    }

    static BlockingHttpConnection open(URI base) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            channel.socket().setSoTimeout(60_000);
            return new BlockingHttpConnection(channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** The {@code Host} header line for {@code base}, with its line end. */
    static String hostLine(URI base) {
        return "Host: " + base.getHost() + ":" + base.getPort() + "\r\n";
    }

    /**
     * Sends a request and reads its response.
     *
     * @param head the request line and headers, ending with the empty line
     * @param body the body, or null for none
     */
    Response exchange(byte[] head, byte[] body) throws IOException {
        return exchange(body == null ? new ByteBuffer[] {ByteBuffer.wrap(head)} : new ByteBuffer[] {ByteBuffer.wrap(head), ByteBuffer.wrap(body)});
    }

    /**
     * Sends a request written as {@code request}'s buffers in order (the head, ending with the empty line, then the
     * body) and reads its response. Direct buffers are written without a copy in Java.
     */
    Response exchange(ByteBuffer[] request) throws IOException {
        long left = 0;
        for (ByteBuffer buffer : request) {
            left += buffer.remaining();
        }
        while (left > 0) {
            // a write may send part of the request: once the socket's stream has read with a timeout the socket is
            // non-blocking underneath, and the JDK hands the kernel a bounded number of buffers per call
            left -= channel.write(request);
        }

        String status = readLine();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status, 9, 12, 10);
        int length = -1;
        String header;
        while (!(header = readLine()).isEmpty()) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.toLowerCase(Locale.ROOT).startsWith("transfer-encoding:")) {
                throw new IOException("chunked responses are not supported by this client: " + header);
            }
        }
        if (length < 0) {
            throw new IOException("the response has no Content-Length");
        }
        return new Response(code, readBytes(length));
    }

    /** The next line of the response head, without its line end. */
    private String readLine() throws IOException {
        int from = next;
        while (true) {
            for (int i = from; i < end; i++) {
                if (buffer[i] == '\n') {
                    int stop = i > next && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, next, stop - next, StandardCharsets.US_ASCII);
                    next = i + 1;
                    return line;
                }
            }
            from = end - next;
            fill();
        }
    }

    /** The next {@code length} bytes of the response. */
    private byte[] readBytes(int length) throws IOException {
        byte[] bytes = new byte[length];
        int copied = Math.min(length, end - next);
        System.arraycopy(buffer, next, bytes, 0, copied);
        next += copied;
        while (copied < length) {
            int read = in.read(bytes, copied, length - copied);
            if (read < 0) {
                throw new EOFException("the server closed the connection");
            }
            copied += read;
        }
        return bytes;
    }

    /** Keeps what is unread at the buffer's start and reads more after it. */
    private void fill() throws IOException {
        if (next > 0) {
            System.arraycopy(buffer, next, buffer, 0, end - next);
            end -= next;
            next = 0;
        }
        if (end == buffer.length) {
            throw new IOException("a response header line is longer than " + buffer.length + " bytes");
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            throw new EOFException("the server closed the connection");
        }
        end += read;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
