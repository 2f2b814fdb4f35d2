package io.tekil.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.Source;
import io.tekil.core.identity.IdentifierExtractor;
import io.tekil.core.identity.IdentifierNormalizer;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.profile.TraitExtractor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TestImporter {
    private static final Path SAMPLES = Path.of("..", "samples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private final TestingEventSink sink = new TestingEventSink();
    private final List<Reject> rejects = new ArrayList<>();

    @Test
    void posRowsOfOneReceiptBecomeOneOrder() throws IOException {
        ImportResult result = importSample("pos-transactions.csv", Mappings.builtIn("pos-transactions"), Channel.STORE);

        assertThat(result.rowsRead()).isEqualTo(10);
        assertThat(result.imported()).isEqualTo(6);
        assertThat(rejects).isEmpty();
        Map<String, JsonNode> orders = byProperty("order_id");
        JsonNode first = orders.get("R-2026-000101");
        assertThat(first.path("event").asText()).isEqualTo("Order Completed");
        assertThat(first.path("timestamp").asText()).isEqualTo("2026-03-14T15:22:05Z"); // 18:22:05 in Istanbul (UTC+3)
        assertThat(first.path("properties").path("revenue").asDouble()).isEqualTo(2799.70);
        assertThat(first.path("properties").path("currency").asText()).isEqualTo("TRY");
        assertThat(first.path("properties").path("store").asText()).isEqualTo("İstanbul Kadıköy");
        assertThat(first.path("properties").path("products")).hasSize(2);
        assertThat(first.path("properties").path("products").get(1).path("quantity").asLong()).isEqualTo(2);
        assertThat(first.path("properties").path("products").get(1).path("price").asDouble()).isEqualTo(149.90);
        assertThat(first.path("context").path("traits").path("phone").asText()).isEqualTo("0532 123 4567");
        assertThat(first.path("context").path("externalIds").findValuesAsText("type")).containsExactly("phone", "loyalty_id");
        assertThat(orders.get("R-2026-000103").path("properties").path("products").get(2).path("name").asText())
                .isEqualTo("Roman; Tutunamayanlar");
        Event event = event("R-2026-000101");
        assertThat(event.profileKey()).isEqualTo("loyalty_id:L0000012345"); // loyalty ids outrank phones
        assertThat(event.revenue()).isEqualTo(2799.70);
        assertThat(event.channel()).isEqualTo(Channel.STORE);
        // a walk-in receipt has neither phone nor loyalty card: the receipt number is its anonymous id
        assertThat(orders.get("R-2026-000102").path("anonymousId").asText()).isEqualTo("R-2026-000102");
        assertThat(orders.get("R-2026-000102").path("context").has("externalIds")).isFalse();
        assertThat(orders.get("R-2026-000103").has("anonymousId")).isFalse();
    }

    @Test
    void everyBuiltInMappingImportsItsSample() throws IOException {
        assertThat(importSample("call-center.csv", Mappings.builtIn("call-center"), Channel.CALL_CENTER).imported()).isEqualTo(5);
        JsonNode call = byProperty("call_id").get("CALL-880004");
        assertThat(call.path("event").asText()).isEqualTo("Call Completed");
        assertThat(call.path("properties").path("duration_seconds").asLong()).isEqualTo(1210);
        assertThat(call.path("properties").path("reason").asText()).isEqualTo("Şikayet");
        assertThat(call.path("context").path("externalIds").get(0).path("id").asText()).isEqualTo("C101002");

        assertThat(importSample("crm-contacts.csv", Mappings.builtIn("crm-contacts"), Channel.CRM).imported()).isEqualTo(5);
        JsonNode ayse = messages().stream().filter(m -> m.path("traits").path("crm_id").asText().equals("C100234")).findFirst().orElseThrow();
        assertThat(ayse.path("type").asText()).isEqualTo("identify");
        assertThat(ayse.path("traits").path("firstName").asText()).isEqualTo("Ayşe");
        assertThat(ayse.path("traits").path("birthday").asText()).isEqualTo("1984-05-12");
        assertThat(ayse.path("traits").path("gender").asText()).isEqualTo("female");
        assertThat(ayse.path("traits").path("address").path("city").asText()).isEqualTo("İstanbul");
        assertThat(ayse.path("context").path("traits").path("email").asText()).isEqualTo("ayse.yilmaz84@gmail.com");

        assertThat(importSample("email-engagement.csv", Mappings.builtIn("email-engagement"), Channel.EMAIL).imported()).isEqualTo(7);
        assertThat(messages().stream().filter(m -> m.has("event")).map(m -> m.path("event").asText()).distinct())
                .contains("Email Sent", "Email Opened", "Email Link Clicked");

        assertThat(importSample("web.ndjson", Mapping.segmentNdjson("web"), Channel.WEB).imported()).isEqualTo(5);
        assertThat(rejects).isEmpty();

        // each event reaches the sink with what identity resolution would read from its stored message
        IdentifierExtractor extractor = new IdentifierExtractor(IdentifierNormalizer.defaults());
        TraitExtractor traits = new TraitExtractor(JSON);
        assertThat(sink.identified()).hasSize(22);
        for (IdentifiedEvent identified : sink.identified()) {
            Event event = identified.event();
            assertThat(identified.identifiers()).as(event.json().toString()).isEqualTo(extractor.extract(event.json().utf8(), event.type()));
            assertThat(identified.traits()).as(event.json().toString()).isEqualTo(traits.extract(event));
        }
        assertThat(sink.identified().stream().filter(e -> !e.traits().isEmpty())).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void badRowsAreRejectedWithTheirLineNumbers() throws IOException {
        String csv = """
                call_id,started_at,phone,customer_no,duration_seconds,reason,outcome,agent
                CALL-1,2026-03-16 09:12:44,0532 123 4567,C1,312,"İade
                talebi",çözüldü,Elif
                CALL-2,2026-03-16 09:13:00,0532 123 4567,C1,12a,x,y,z
                CALL-3,16.03.2026 09:13,0532 123 4567,C1,12,x,y,z
                CALL-4,2026-03-16 09:14:00,,,12,x,y,z
                CALL-5,2026-03-16 09:15:00,0532 123 4567,C1,12,x,y
                CALL-6,2026-03-16 09:16:00,0532 123 4567,C1,12,x,y,z
                """;
        ImportResult result = run(csv, Mappings.builtIn("call-center"), Channel.CALL_CENTER, StandardCharsets.UTF_8);

        assertThat(result.rowsRead()).isEqualTo(6);
        assertThat(result.imported()).isEqualTo(2);
        assertThat(result.rejected()).isEqualTo(4);
        assertThat(rejects).extracting(Reject::toString).containsExactly(
                "line 4: column 'duration_seconds' value '12a' is not a whole number",
                "line 5: column 'started_at' value '16.03.2026 09:13' is not a date-time in the format yyyy-MM-dd HH:mm:ss",
                "line 6: no identifier: [column 'customer_no', column 'phone'] are all empty; a row needs at least one to be linked to a person",
                "line 7: the row has 7 fields but the header has 8; check the delimiter ',' and quoting");
        assertThat(rejects.getFirst().text()).startsWith("CALL-2,");
        assertThat(byProperty("call_id").get("CALL-1").path("properties").path("reason").asText()).isEqualTo("İade\ntalebi");
    }

    @Test
    void importingTheSameFileAgainStoresNothingTwice() throws IOException {
        Mapping pos = Mappings.builtIn("pos-transactions");
        ImportResult first = importSample("pos-transactions.csv", pos, Channel.STORE);
        ImportResult again = importSample("pos-transactions.csv", pos, Channel.STORE);

        assertThat(again.messages()).isEqualTo(first.messages());
        assertThat(again.imported()).isZero();
        assertThat(again.duplicates()).isEqualTo(first.imported());
        assertThat(sink.events()).hasSize((int) first.imported());
        ImportResult web = importSample("web.ndjson", Mapping.segmentNdjson("web"), Channel.WEB);
        assertThat(importSample("web.ndjson", Mapping.segmentNdjson("web"), Channel.WEB).duplicates()).isEqualTo(web.imported());
    }

    @Test
    void windows1254WithSemicolonsAndDecimalCommas() throws IOException {
        String csv = """
                fiş_no;mağaza;tarih;telefon;ürün;kategori;adet;birim_fiyat;tutar
                F-1;İzmir Karşıyaka;01.11.2026 14:05;0532 999 88 77;Çocuk Ayakkabısı;Ayakkabı;1;1.249,90;1.249,90
                F-1;İzmir Karşıyaka;01.11.2026 14:05;0532 999 88 77;Şampuan;Kozmetik;2;89,50;179,00
                F-2;İzmir Karşıyaka;01.11.2026 15:00;05329998877;Ütü Masası;Ev & Yaşam;1;12,5a;12,5a
                """;
        Mapping mapping = MappingReader.read("""
                name: pos-1254
                format: csv
                channel: store
                file: { encoding: windows-1254, delimiter: ";", decimal: "," }
                message:
                  type: track
                  event: { value: Order Completed }
                  timestamp: { column: tarih, format: "dd.MM.yyyy HH:mm" }
                  key: fiş_no
                  identifiers: { phone: telefon }
                  properties:
                    order_id: fiş_no
                    store: mağaza
                    revenue: { column: tutar, type: number, sum: true }
                group:
                  by: fiş_no
                  list: products
                  item:
                    name: ürün
                    category: kategori
                    quantity: { column: adet, type: integer }
                    price: { column: birim_fiyat, type: number }
                """, "test");
        ImportResult result = run(csv, mapping, Channel.STORE, Charset.forName("windows-1254"));

        assertThat(result.imported()).isEqualTo(1);
        assertThat(rejects).extracting(Reject::toString).containsExactly("line 4: column 'tutar' value '12,5a' is not a number");
        JsonNode order = messages().getFirst();
        assertThat(order.path("properties").path("store").asText()).isEqualTo("İzmir Karşıyaka");
        assertThat(order.path("properties").path("revenue").asDouble()).isEqualTo(1428.90);
        assertThat(order.path("properties").path("products").get(0).path("name").asText()).isEqualTo("Çocuk Ayakkabısı");
        assertThat(order.path("properties").path("products").get(0).path("price").asDouble()).isEqualTo(1249.90);
        assertThat(order.path("timestamp").asText()).isEqualTo("2026-11-01T11:05:00Z");
    }

    @Test
    void aReceiptWithABadLineIsRejectedWhole() throws IOException {
        String csv = """
                receipt_no;store;date;time;phone;loyalty_no;sku;product;category;quantity;unit_price;line_total
                R1;S;01.11.2026;10:00:00;5321234567;;A;a;c;1;10,00;10,00
                R1;S;01.11.2026;10:00:00;5321234567;;B;b;c;iki;20,00;40,00
                R1;S;01.11.2026;10:00:00;5321234567;;C;c;c;1;30,00;30,00
                R2;S;01.11.2026;10:05:00;5321234567;;D;d;c;1;20,00;20,00
                """;
        ImportResult result = run(csv, Mappings.builtIn("pos-transactions"), Channel.STORE, StandardCharsets.UTF_8);

        assertThat(result.imported()).isEqualTo(1);
        assertThat(result.rejected()).isEqualTo(3);
        assertThat(rejects).extracting(Reject::toString).containsExactly(
                "line 3: column 'quantity' value 'iki' is not a whole number",
                "line 2: receipt_no 'R1' is rejected as a whole because its line 3 was rejected",
                "line 4: receipt_no 'R1' is rejected as a whole because its line 3 was rejected");
        assertThat(byProperty("order_id")).containsOnlyKeys("R2");
    }

    @Test
    void textInTheWrongEncodingStopsTheImportInsteadOfCorruptingIt() throws IOException {
        String csv = "call_id,started_at,phone,customer_no,duration_seconds,reason,outcome,agent\n"
                + "CALL-1,2026-03-16 09:12:44,0532 123 4567,C1,312,İade talebi,çözüldü,Elif Şahin\n";
        assertThatThrownBy(() -> run(csv, Mappings.builtIn("call-center"), Channel.CALL_CENTER, Charset.forName("windows-1254")))
                .isInstanceOf(TekilException.class)
                .hasMessageContaining("after line 1 the file is not valid UTF-8 text; if it is a Turkish Windows export, import it with --encoding windows-1254");
        Mapping declared1254 = Mappings.builtIn("call-center").withFile(new Mapping.FileOptions(Charset.forName("windows-1254"), ',', '"', '.'));
        byte[] withBom = ("\ufeff" + csv).getBytes(StandardCharsets.UTF_8);
        ImportResult bom = new Importer(JSON, IngestLimits.SEGMENT, sink, CLOCK).run(source(Channel.CALL_CENTER), declared1254, "bom.csv",
                new ByteArrayInputStream(withBom), new ImportProgress(-1), rejects::add);
        assertThat(bom.imported()).as("a UTF-8 byte order mark wins over the declared encoding").isEqualTo(1);
        assertThat(byProperty("call_id").get("CALL-1").path("properties").path("reason").asText()).isEqualTo("İade talebi");
    }

    @Test
    void rowsReadBeforeAnUnreadableRowAreStored() {
        StringBuilder csv = new StringBuilder("call_id,started_at,phone,customer_no,duration_seconds,reason,outcome,agent\n");
        for (int i = 1; i <= 7_000; i++) {
            csv.append("CALL-").append(i).append(",2026-03-16 09:12:44,0532 123 4567,C1,312,x,y,z\n");
        }
        csv.append("CALL-X,2026-03-16 09:12:44,0532 123 4567,C1,312,\"quoted\" then text,y,z\n");
        assertThatThrownBy(() -> run(csv.toString(), Mappings.builtIn("call-center"), Channel.CALL_CENTER, StandardCharsets.UTF_8))
                .isInstanceOf(TekilException.class).hasMessageContaining("after line 7001 the CSV cannot be read on");
        assertThat(sink.events()).hasSize(7_000);
    }

    @Test
    void keylessIdsDependOnTheFieldsNotOnTheirQuoting() throws IOException {
        Mapping mapping = MappingReader.read("""
                name: notes
                message:
                  type: track
                  event: { value: Note Taken }
                  identifiers: { crm_id: id }
                  properties: { a: a, b: b }
                """, "test");
        ImportResult result = run("id,a,b\nC1,\"x,y\",z\nC1,x,\"y,z\"\n", mapping, Channel.CRM, StandardCharsets.UTF_8);
        assertThat(result.imported()).isEqualTo(2);
    }

    @Test
    void rowsOfAGroupMustBeConsecutive() throws IOException {
        String csv = """
                receipt_no;store;date;time;phone;loyalty_no;sku;product;category;quantity;unit_price;line_total
                R1;S;01.11.2026;10:00:00;5321234567;;A;a;c;1;10,00;10,00
                R2;S;01.11.2026;10:05:00;5321234567;;B;b;c;1;20,00;20,00
                R1;S;01.11.2026;10:00:00;5321234567;;C;c;c;1;30,00;30,00
                """;
        ImportResult result = run(csv, Mappings.builtIn("pos-transactions"), Channel.STORE, StandardCharsets.UTF_8);

        assertThat(result.imported()).isEqualTo(2);
        assertThat(rejects).singleElement().asString()
                .isEqualTo("line 4: column 'receipt_no' value 'R1' appeared in earlier rows that already made a message; "
                        + "the rows of one receipt_no must be consecutive (sort the file by receipt_no)");
    }

    @Test
    void genericNdjsonMapsDottedPaths() throws IOException {
        String ndjson = """
                {"id":"A-1","at":"2026-05-01T09:00:00+03:00","customer":{"mail":"  Ayse.Yilmaz@Gmail.com ","card":"L1"},"points":120,"store":{"city":"Ankara"}}

                {"id":"A-2","at":"2026-05-02T09:00:00+03:00","customer":{"card":"L2"},"points":"x"}
                not json
                """;
        Mapping mapping = MappingReader.read("""
                name: loyalty-app
                format: ndjson
                message:
                  type: track
                  event: { value: Points Earned }
                  timestamp: at
                  key: id
                  identifiers: { email: customer.mail, loyalty_id: customer.card }
                  properties:
                    points: { column: points, type: integer }
                    city: store.city
                """, "test");
        ImportResult result = run(ndjson, mapping, Channel.MOBILE, StandardCharsets.UTF_8);

        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.imported()).isEqualTo(1);
        assertThat(rejects).extracting(Reject::line).containsExactly(3L, 4L);
        assertThat(rejects.get(0).reason()).isEqualTo("column 'points' value 'x' is not a whole number");
        assertThat(rejects.get(1).reason()).startsWith("malformed JSON");
        JsonNode message = messages().getFirst();
        assertThat(message.path("timestamp").asText()).isEqualTo("2026-05-01T06:00:00Z");
        assertThat(message.path("properties").path("city").asText()).isEqualTo("Ankara");
        assertThat(message.path("context").path("traits").path("email").asText()).isEqualTo("Ayse.Yilmaz@Gmail.com");
    }

    @Test
    void segmentLinesAreValidatedLikeTheTrackingApi() throws IOException {
        String ndjson = """
                {"type":"track","event":"Product Viewed","anonymousId":"a1","messageId":"m1"}
                {"type":"track","anonymousId":"a1","messageId":"m2"}
                {"type":"track","event":"Product Viewed","anonymousId":"a1","messageId":"m3"
                {"type":"identify","userId":"u1","traits":{"email":"x@y.com"}}
                """;
        ImportResult result = run(ndjson, Mapping.segmentNdjson("web"), Channel.WEB, StandardCharsets.UTF_8);

        assertThat(result.imported()).isEqualTo(2);
        assertThat(rejects).extracting(Reject::line).containsExactly(2L, 3L);
        assertThat(rejects.get(0).reason()).contains("needs a non-empty 'event' name");
        assertThat(rejects.get(1).reason()).startsWith("malformed JSON");
        assertThat(run(ndjson, Mapping.segmentNdjson("web"), Channel.WEB, StandardCharsets.UTF_8).duplicates())
                .as("a line without messageId gets one derived from its bytes").isEqualTo(2);
    }

    @Test
    void aHeaderWithoutTheMappedColumnsFailsTheWholeFile() {
        String csv = "receipt_no,store\nR1,S\n";
        assertThatThrownBy(() -> run(csv, Mappings.builtIn("call-center"), Channel.CALL_CENTER, StandardCharsets.UTF_8))
                .isInstanceOf(TekilException.class)
                .hasMessageContaining("uses columns [started_at, call_id, customer_no, phone, duration_seconds, reason, outcome, agent]")
                .hasMessageContaining("the header has [receipt_no, store]");
        assertThatThrownBy(() -> run("receipt_no;store;date\n", Mappings.builtIn("call-center"), Channel.CALL_CENTER, StandardCharsets.UTF_8))
                .hasMessageContaining("is the delimiter ',' right?");
    }

    @Test
    void aLargeFileStreamsWithoutBeingHeldInMemory() throws IOException {
        int rows = 200_000;
        InputStream generated = new GeneratedCsv(rows);
        ImportResult result = new Importer(JSON, IngestLimits.SEGMENT, sink, CLOCK).run(source(Channel.CALL_CENTER),
                Mappings.builtIn("call-center"), "generated.csv", generated, new ImportProgress(-1), rejects::add);
        assertThat(result.rowsRead()).isEqualTo(rows);
        assertThat(result.imported()).isEqualTo(rows);
        assertThat(rejects).isEmpty();
    }

    /** A call-center CSV produced on the fly, row by row. */
    private static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int row = -1;
        private byte[] current = new byte[0];
        private int position;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (position == current.length) {
                if (++row > rows) {
                    return -1;
                }
                current = (row == 0 ? "call_id,started_at,phone,customer_no,duration_seconds,reason,outcome,agent\n"
                        : "CALL-" + row + ",2026-03-16 09:12:44,0532 123 " + (1000 + row % 9000) + ",C" + row + ",60,Sipariş durumu,çözüldü,Elif\n")
                        .getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            return current[position++] & 0xff;
        }
    }

    private ImportResult importSample(String file, Mapping mapping, Channel channel) throws IOException {
        try (InputStream in = Files.newInputStream(SAMPLES.resolve(file))) {
            return new Importer(JSON, IngestLimits.SEGMENT, sink, CLOCK).run(source(channel), mapping, file, in,
                    new ImportProgress(Files.size(SAMPLES.resolve(file))), rejects::add);
        }
    }

    private ImportResult run(String text, Mapping mapping, Channel channel, Charset charset) throws IOException {
        return new Importer(JSON, IngestLimits.SEGMENT, sink, CLOCK).run(source(channel), mapping, "test",
                new ByteArrayInputStream(text.getBytes(charset)), new ImportProgress(-1), rejects::add);
    }

    private static Source source(Channel channel) {
        return new Source(channel.id().replace('_', '-'), channel, "key", CLOCK.instant());
    }

    private List<JsonNode> messages() {
        return sink.events().stream().map(event -> {
            try {
                return JSON.readTree(event.json().utf8());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private Map<String, JsonNode> byProperty(String property) {
        return messages().stream().filter(m -> m.path("properties").has(property))
                .collect(Collectors.toMap(m -> m.path("properties").path(property).asText(), Function.identity(), (a, b) -> b));
    }

    private Event event(String orderId) {
        return sink.events().stream().filter(e -> e.json().toString().contains("\"" + orderId + "\"")).findFirst().orElseThrow();
    }
}
