package io.tekil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Posts with {@link HttpClient} over HTTP/1.1. The client pools keep-alive connections, so N threads posting
 * synchronously use N connections, as N SDK instances would.
 */
final class JdkLoadClient implements LoadClient {
    private final HttpClient client;
    private final URI batchUri;
    private final String authorization;

    JdkLoadClient(URI base, String writeKey) {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.batchUri = base.resolve("/v1/batch");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Connection connect() {
        return new Connection() {
            @Override
            public int post(byte[] body) throws IOException, InterruptedException {
                HttpRequest request = HttpRequest.newBuilder(batchUri)
                        .timeout(Duration.ofSeconds(60))
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (response.statusCode() != 200) {
                    throw new RejectedRequest(response.statusCode(), response.body());
                }
                return LoadClient.acknowledged(response.body());
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
