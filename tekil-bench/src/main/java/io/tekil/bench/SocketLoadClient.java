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
import java.util.Base64;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client on blocking sockets: writes a pre-formatted request head and the body, reads the
 * status line, headers and a {@code Content-Length} body. It spends far less CPU per request than
 * {@link java.net.http.HttpClient}, which matters when client and server share two cores.
 */
final class SocketLoadClient implements LoadClient {
    private final URI base;
    private final String headPrefix;

    SocketLoadClient(URI base, String writeKey) {
        this.base = base;
        String credentials = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        this.headPrefix = "POST /v1/batch HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "User-Agent: tekil-load-harness\r\n"
                + "Authorization: Basic " + credentials + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: ";
    }

    @Override
    public Connection connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        return new SocketConnection(socket);
    }

    @Override
    public void close() {}

    private final class SocketConnection implements Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);

        SocketConnection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        @Override
        public int post(byte[] body) throws IOException {
            out.write((headPrefix + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
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
            String response = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            if (code != 200) {
                throw new RejectedRequest(code, response);
            }
            return LoadClient.acknowledged(response);
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
}
