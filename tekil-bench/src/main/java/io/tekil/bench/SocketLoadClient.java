package io.tekil.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A minimal HTTP/1.1 load client: each connection is a {@link BlockingHttpConnection} that posts a pre-formatted
 * request head and the batch.
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
        return new Connection() {
            @Override
            public int post(byte[] body) throws IOException {
                BlockingHttpConnection.Response response = connection.exchange((headPrefix + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), body);
                if (response.status() != 200) {
                    throw new RejectedRequest(response.status(), response.text());
                }
                return LoadClient.acknowledged(response.text());
            }

            @Override
            public void close() throws IOException {
                connection.close();
            }
        };
    }

    @Override
    public void close() {}
}
