package io.tekil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.server.TestingTekil;
import io.tekil.server.WithTekilServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TestSegmentCommand extends WithTekilServer {
    private record Run(int code, String out, String err) {}

    private Run tekil(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = tekil.baseUrl();
        all[args.length + 2] = "--token";
        all[args.length + 3] = TestingTekil.ADMIN_TOKEN;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void segmentsAreCreatedListedPreviewedAndExplainedFromTheCommandLine() {
        assertThat(tekil.post("/v1/batch", """
                {"batch":[{"type":"identify","messageId":"i1","userId":"u-1","traits":{"city":"İzmir"}},
                          {"type":"identify","messageId":"i2","userId":"u-2","traits":{"city":"Ankara"}}]}""").status()).isEqualTo(200);
        Run created = tekil("segment", "create", "İzmirliler", "city = \"izmir\"");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("\"id\" : \"izmirliler\"", "\"size\" : 1");
        assertThat(tekil("segment", "list").out()).contains("izmirliler", "city = \"izmir\"");
        assertThat(tekil("segment", "show", "izmirliler").out()).contains("\"size\" : 1");
        assertThat(tekil("segment", "preview", "city exists").out()).contains("\"size\" : 2");
        String profile = tekil.admin("/api/profiles/lookup?type=user_id&value=u-1").json().path("id").asText();
        assertThat(tekil("segment", "explain", "izmirliler", profile).out()).contains("\"member\" : true", "city is \\\"İzmir\\\"");

        Run frozen = tekil("segment", "create", "--static", "Ekim şehirlileri", "city exists");
        assertThat(frozen.out()).as(frozen.err()).contains("\"kind\" : \"static\"", "\"size\" : 2");
        assertThat(tekil("segment", "history", "ekim-sehirlileri").out()).contains("enters", "2");

        Run bad = tekil("segment", "preview", "city = izmir");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("error: the rule does not parse: line 1, column 8: found 'izmir'");
        assertThat(tekil("segment", "show", "nope").code()).isEqualTo(4);
    }

    @Test
    void aListIsUploadedFromACsvFile() throws Exception {
        assertThat(tekil.post("/v1/identify", "{\"messageId\":\"i1\",\"userId\":\"u-1\",\"traits\":{\"email\":\"ayse@example.com\"}}").status()).isEqualTo(200);
        java.nio.file.Path csv = directory.resolve("vip.csv");
        java.nio.file.Files.writeString(csv, "email,name\nAYSE@example.com,Ayşe\nnobody@example.com,Kimse\n");
        Run uploaded = tekil("segment", "upload", "VIP", csv.toString());
        assertThat(uploaded.code()).as(uploaded.err()).isZero();
        assertThat(uploaded.out()).contains("\"matched\" : 1", "\"unmatchedLines\" : [ 3 ]", "\"ignoredColumns\" : [ \"name\" ]");
        assertThat(tekil("segment", "list").out()).contains("vip", "static", "uploaded list");
        assertThat(tekil("segment", "upload", "VIP2", directory.resolve("missing.csv").toString()).err()).contains("no file");

        // a CRM export whose header names no type: say which column is which
        java.nio.file.Path crm = directory.resolve("crm.csv");
        java.nio.file.Files.writeString(crm, "customer_no;ad\nC-1;Ayşe\n");
        assertThat(tekil.post("/v1/identify", "{\"messageId\":\"i2\",\"userId\":\"u-1\",\"context\":{\"externalIds\":[{\"id\":\"C-1\",\"type\":\"crm_id\"}]}}")
                .status()).isEqualTo(200);
        assertThat(tekil("segment", "upload", "CRM", crm.toString()).err()).contains("names no identifier type", "column.customer_no=crm_id");
        Run mapped = tekil("segment", "upload", "CRM", crm.toString(), "--column", "customer_no=crm_id");
        assertThat(mapped.out()).as(mapped.err()).contains("\"matched\" : 1");
        assertThat(tekil("segment", "upload", "CRM2", crm.toString(), "--column", "musteri=crm_id").err()).contains("has no column 'musteri'");
    }
}
