package io.tekil.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A minimal HTTP/1.1 load client: each connection is a {@link BlockingHttpConnection} that posts a pre-formatted
 * request head and the batch, written from the pool's direct memory around the messageIds' stamps
 * ({@link StampedBodies#parts}).
 */
final class SocketLoadClient implements LoadClient {
    private final URI base;
    private final String headPrefix;

    SocketLoadClient(URI base, String writeKey) {
        this.base = base;
        String credentials = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        this.headPrefix = "POST /v1/batch HTTP/1.1\r\n"
                + BlockingHttpConnection.hostLine(base)
                + "User-Agent: tekil-load-harness\r\n"
                + "Authorization: Basic " + credentials + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: ";
    }

    @Override
    public Connection connect() throws IOException {
        BlockingHttpConnection connection = BlockingHttpConnection.open(base);
        ByteBuffer stamp = ByteBuffer.allocateDirect(8);
        return new Connection() {
            @Override
            public int post(byte[] body) throws IOException {
                return acknowledged(connection.exchange(head(body.length), body));
            }

            /** Writes the body from the pool's direct memory, without copying it. */
            @Override
            public int post(StampedBodies bodies, int index) throws IOException {
                ByteBuffer[] parts = bodies.parts(index, stamp);
                ByteBuffer[] request = new ByteBuffer[parts.length + 1];
                request[0] = ByteBuffer.wrap(head(bodies.length(index)));
                System.arraycopy(parts, 0, request, 1, parts.length);
                return acknowledged(connection.exchange(request));
            }

            @Override
            public void close() throws IOException {
                connection.close();
            }
        };
    }

    private byte[] head(int length) {
        return (headPrefix + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static int acknowledged(BlockingHttpConnection.Response response) throws RejectedRequest {
        if (response.status() != 200) {
            throw new RejectedRequest(response.status(), response.text());
        }
        return LoadClient.acknowledged(response.text());
    }

    @Override
    public void close() {}
}
