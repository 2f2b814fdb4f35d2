package io.tekil.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection on a blocking socket: writes a request head (and a body), reads the status
 * line, the headers and a {@code Content-Length} body. It spends far less CPU and fewer thread hand-offs per
 * request than {@link java.net.http.HttpClient}, which matters when client and server share two cores and when a
 * harness measures the server's latency rather than the client's.
 */
final class BlockingHttpConnection implements AutoCloseable {
    /** A response: its status code and body. */
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

    private BlockingHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    static BlockingHttpConnection open(URI base) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        return new BlockingHttpConnection(socket);
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
        out.write(head);
        if (body != null) {
            out.write(body);
        }
        out.flush();

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
        return new Response(code, in.readNBytes(length));
    }

    private String readLine() throws IOException {
        line.reset();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the server closed the connection");
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
