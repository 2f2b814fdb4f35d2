package io.tekil.server.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.server.TestingTekil;
import io.tekil.server.TestingTekil.Response;
import io.tekil.server.WithTekilServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class TestImportApi extends WithTekilServer {
    private static final Path SAMPLES = Path.of("..", "samples");

    @Test
    void importsAFileAndReportsProgressResultAndRejects() throws IOException {
        String csv = Files.readString(SAMPLES.resolve("call-center.csv"))
                + "CALL-9,2026-03-18 10:00:00,0532 123 4567,C1,12x,Şikayet,çözüldü,Elif\n";
        Response started = upload("/api/imports?source=cagri-merkezi&mapping=call-center&file=calls.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().path("sourceCreated").asBoolean()).isTrue();
        JsonNode done = awaitDone(started.json().path("id").asText());

        assertThat(done.path("status").asText()).isEqualTo("succeeded");
        assertThat(done.path("result").path("rowsRead").asLong()).isEqualTo(6);
        assertThat(done.path("result").path("imported").asLong()).isEqualTo(5);
        assertThat(done.path("result").path("rejected").asLong()).isEqualTo(1);
        assertThat(done.path("rejects").get(0).path("line").asLong()).isEqualTo(7);
        assertThat(done.path("rejects").get(0).path("reason").asText()).isEqualTo("column 'duration_seconds' value '12x' is not a whole number");
        Response rejects = tekil.admin(done.path("rejectsUrl").asText());
        assertThat(rejects.body()).startsWith("line,reason,record\n7,column 'duration_seconds' value '12x' is not a whole number,");

        JsonNode events = tekil.admin("/api/events?source=cagri-merkezi").json().path("events");
        assertThat(events).hasSize(5);
        assertThat(events).allSatisfy(event -> assertThat(event.path("tekil").path("channel").asText()).isEqualTo("call_center"));

        Response again = upload("/api/imports?source=cagri-merkezi&mapping=call-center&file=calls.csv", gzip(csv));
        JsonNode second = awaitDone(again.json().path("id").asText());
        assertThat(second.path("result").path("imported").asLong()).isZero();
        assertThat(second.path("result").path("duplicates").asLong()).isEqualTo(5);
        assertThat(tekil.admin("/api/imports").json().path("imports")).hasSize(2);
    }

    @Test
    void savedMappingsAndSegmentNdjson() throws IOException {
        String yaml = """
                name: loyalty
                format: ndjson
                channel: mobile
                message:
                  type: track
                  event: { value: Points Earned }
                  key: id
                  identifiers: { loyalty_id: card }
                  properties: { points: { column: points, type: integer } }
                """;
        Response saved = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/mappings/loyalty"))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN).PUT(HttpRequest.BodyPublishers.ofString(yaml)).build());
        assertThat(saved.status()).isEqualTo(200);
        assertThat(tekil.admin("/api/mappings").json().path("saved").get(0).asText()).isEqualTo("loyalty");
        assertThat(tekil.admin("/api/mappings/loyalty").body()).isEqualTo(yaml);
        assertThat(tekil.admin("/api/mappings/pos-transactions").body()).contains("group:");

        JsonNode loyalty = awaitDone(upload("/api/imports?source=sadakat&mapping=loyalty",
                "{\"id\":\"1\",\"card\":\"L1\",\"points\":5}\n".getBytes(StandardCharsets.UTF_8)).json().path("id").asText());
        assertThat(loyalty.path("result").path("imported").asLong()).isEqualTo(1);

        JsonNode web = awaitDone(upload("/api/imports?source=web&file=web.ndjson", Files.readAllBytes(SAMPLES.resolve("web.ndjson")))
                .json().path("id").asText());
        assertThat(web.path("mapping").asText()).isEqualTo("segment-ndjson");
        assertThat(web.path("result").path("imported").asLong()).isEqualTo(5);
    }

    @Test
    void badImportRequestsAreExplained() {
        assertThat(upload("/api/imports?mapping=call-center", new byte[0]).json().path("error").asText()).contains("--source NAME");
        assertThat(upload("/api/imports?source=x&mapping=nope", new byte[0]).json().path("error").asText()).contains("no mapping 'nope'");
        assertThat(upload("/api/imports?source=x&file=a.csv", new byte[0]).json().path("error").asText()).contains("needs a mapping");
        assertThat(upload("/api/imports?source=nowhere&file=a.ndjson", new byte[0]).json().path("error").asText())
                .contains("there is no source 'nowhere'; add --channel");
        Response badMapping = tekil.send(HttpRequest.newBuilder(tekil.uri("/api/mappings/bad"))
                .header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN).PUT(HttpRequest.BodyPublishers.ofString("format: csv\n")).build());
        assertThat(badMapping.status()).isEqualTo(400);
        assertThat(badMapping.json().path("error").asText()).contains("message: missing");
        JsonNode failed = awaitDone(upload("/api/imports?source=web&mapping=call-center", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8))
                .json().path("id").asText());
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").asText()).contains("the header does not have");
        assertThat(tekil.admin("/api/imports/imp_missing").status()).isEqualTo(404);
        assertThat(tekil.send(HttpRequest.newBuilder(tekil.uri("/api/imports")).POST(HttpRequest.BodyPublishers.noBody()).build()).status())
                .isEqualTo(401);
    }

    private Response upload(String path, byte[] body) {
        return tekil.send(HttpRequest.newBuilder(tekil.uri(path)).header("Authorization", "Bearer " + TestingTekil.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private JsonNode awaitDone(String id) {
        JsonNode[] job = new JsonNode[1];
        TestingTekil.await(Duration.ofSeconds(30), "import " + id + " finishes", () -> {
            job[0] = tekil.admin("/api/imports/" + id).json();
            return !job[0].path("finishedAt").isNull();
        });
        return job[0];
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
