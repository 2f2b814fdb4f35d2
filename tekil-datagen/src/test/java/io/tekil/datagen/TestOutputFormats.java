package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestOutputFormats {
    private static final ZoneId ISTANBUL = ZoneId.of("Europe/Istanbul");
    private static final Instant START = TestingDataset.CONFIG.startDate().atStartOfDay(ISTANBUL).toInstant();
    private static final Instant END = TestingDataset.CONFIG.endDate().plusDays(1).atStartOfDay(ISTANBUL).toInstant();

    @TempDir
    static Path directory;
    private static TestingDataset data;

    @BeforeAll
    static void generate() throws IOException {
        data = TestingDataset.generate(directory);
    }

    @Test
    void headersAreExactlyAsSpecifiedAndOnlyThePosFileHasABom() {
        Map<String, String> headers = Map.of(
                "pos-transactions.csv", "receipt_no;store;date;time;phone;loyalty_no;sku;product;category;quantity;unit_price;line_total",
                "call-center.csv", "call_id,started_at,phone,customer_no,duration_seconds,reason,outcome,agent",
                "crm-contacts.csv",
                "customer_no,first_name,last_name,email,phone,birth_date,gender,city,district,income_band,loyalty_no,created_at",
                "email-engagement.csv", "event_id,campaign_id,campaign_name,email,action,occurred_at,url",
                "truth/people.csv", "person_id,first_name,last_name,birth_date,gender,city,income_band,lifecycle",
                "truth/identifiers.csv", "type,value,person_id,note",
                "truth/records.csv", "file,key,person_id",
                "truth/noise.csv", "kind,person_ids,detail");
        headers.forEach((file, header) -> assertThat(data.lines(file).get(0)).as(file).isEqualTo(header));
        for (String file : TestingDataset.ALL_FILES) {
            byte[] bytes = data.bytes(file);
            boolean bom = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF;
            assertThat(bom).as("BOM in %s", file).isEqualTo(file.equals("pos-transactions.csv"));
            assertThat(bytes[bytes.length - 1]).as("%s ends with a newline", file).isEqualTo((byte) '\n');
            assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).as(file).doesNotContain("\r", "\uFFFD");
        }
    }

    @Test
    void everyCsvRowHasTheHeadersFieldCount() {
        for (String file : TestingDataset.ALL_FILES) {
            if (file.endsWith(".csv")) {
                int fields = TestingDataset.parseCsvLine(data.lines(file).get(0), file.startsWith("pos") ? ';' : ',').size();
                assertThat(data.rows(file)).as(file).isNotEmpty().allSatisfy(row -> assertThat(row).as(file).hasSize(fields));
            }
        }
    }

    @Test
    void webMessagesAreSegmentMessagesFromAnalyticsJs() {
        Map<String, Integer> types = new HashMap<>();
        Set<String> events = new HashSet<>();
        for (JsonNode message : data.json("web.ndjson")) {
            checkCommonFields(message);
            types.merge(message.get("type").asText(), 1, Integer::sum);
            assertThat(message.get("anonymousId").asText()).matches(uuid());
            JsonNode context = message.get("context");
            assertThat(context.at("/library/name").asText()).isEqualTo("analytics.js");
            assertThat(context.at("/page/url").asText()).startsWith("https://www.kuzeymarket.com.tr/");
            assertThat(context.has("userAgent") && context.has("ip")).isTrue();
            switch (message.get("type").asText()) {
                case "page" -> assertThat(message.get("name").asText()).isNotEmpty();
                case "track" -> events.add(message.get("event").asText());
                case "identify" -> checkTraits(message);
                default -> throw new AssertionError("unexpected type in " + message);
            }
            if (message.path("event").asText().equals("Order Completed")) {
                checkOrder(message.get("properties"));
            }
        }
        assertThat(types).containsOnlyKeys("page", "track", "identify");
        assertThat(events).containsExactlyInAnyOrder(
                "Products Searched", "Product Viewed", "Product Added", "Checkout Started", "Order Completed");
    }

    @Test
    void mobileMessagesCarryTheDeviceAndTheApp() {
        Set<String> types = new HashSet<>();
        Set<String> libraries = new HashSet<>();
        for (JsonNode message : data.json("mobile.ndjson")) {
            checkCommonFields(message);
            types.add(message.get("type").asText());
            JsonNode device = message.at("/context/device");
            assertThat(device.get("id").asText()).isNotEmpty();
            assertThat(device.get("manufacturer").asText()).isNotEmpty();
            assertThat(device.get("model").asText()).isNotEmpty();
            assertThat(device.get("type").asText()).isIn("ios", "android");
            libraries.add(message.at("/context/library/name").asText());
            assertThat(message.at("/context/app/name").asText()).isEqualTo("Kuzey Market");
            assertThat(message.at("/context/os/version").asText()).isNotEmpty();
            if (message.get("type").asText().equals("identify")) {
                checkTraits(message);
            }
        }
        assertThat(types).containsExactlyInAnyOrder("screen", "track", "identify");
        assertThat(libraries).containsExactlyInAnyOrder("analytics-android", "analytics-ios");
    }

    private static void checkCommonFields(JsonNode message) {
        assertThat(message.get("messageId").asText()).matches(uuid());
        String timestamp = message.get("timestamp").asText();
        assertThat(timestamp).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Instant.parse(timestamp)).isBetween(START, END);
        assertThat(message.at("/context/locale").asText()).isEqualTo("tr-TR");
        assertThat(message.at("/context/timezone").asText()).isEqualTo("Europe/Istanbul");
        if (message.has("userId")) {
            assertThat(message.get("userId").asText()).matches("u\\d{8}");
        }
    }

    private static void checkTraits(JsonNode message) {
        JsonNode traits = message.get("traits");
        assertThat(message.get("userId").asText()).matches("u\\d{8}");
        assertThat(traits.get("email").asText()).contains("@");
        assertThat(LocalDate.parse(traits.get("birthday").asText())).isBefore(TestingDataset.CONFIG.endDate());
        assertThat(traits.get("gender").asText()).isIn("female", "male");
        assertThat(traits.has("firstName") && traits.has("lastName") && traits.has("city")).isTrue();
    }

    private static void checkOrder(JsonNode properties) {
        assertThat(properties.get("order_id").asText()).matches("TK\\d{10}");
        assertThat(properties.get("currency").asText()).isEqualTo("TRY");
        BigDecimal revenue = BigDecimal.ZERO;
        for (JsonNode product : properties.get("products")) {
            assertThat(product.get("sku").asText()).matches("[A-Z]{3}-\\d{6}");
            assertThat(product.has("product_id") && product.has("name") && product.has("category") && product.has("brand")).isTrue();
            revenue = revenue.add(product.get("price").decimalValue().multiply(BigDecimal.valueOf(product.get("quantity").asInt())));
        }
        assertThat(properties.get("revenue").decimalValue()).isEqualByComparingTo(revenue);
        assertThat(properties.get("total").decimalValue())
                .isEqualByComparingTo(revenue.add(properties.get("shipping").decimalValue()));
    }

    @Test
    void posRowsUseDecimalCommasLocalTimesAndKeepReceiptsTogether() {
        DateTimeFormatter dateTime = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss");
        Set<String> finishedReceipts = new HashSet<>();
        String current = null;
        int walkIns = 0;
        for (List<String> row : data.rows("pos-transactions.csv")) {
            String receipt = row.get(0);
            if (!receipt.equals(current)) {
                assertThat(finishedReceipts.add(receipt)).as("rows of receipt %s are not together", receipt).isTrue();
                current = receipt;
                walkIns += row.get(4).isEmpty() && row.get(5).isEmpty() ? 1 : 0;
            }
            assertThat(row.get(1)).matches("\\p{L}+ \\p{L}+");
            LocalDateTime local = LocalDateTime.parse(row.get(2) + " " + row.get(3), dateTime);
            assertThat(local.atZone(ISTANBUL).toInstant()).isBetween(START, END);
            assertThat(local.getHour()).isBetween(10, 21);
            if (!row.get(5).isEmpty()) {
                assertThat(row.get(5)).matches("L\\d{10}");
            }
            int quantity = Integer.parseInt(row.get(9));
            assertThat(row.get(10)).matches("\\d+,\\d\\d");
            assertThat(row.get(11)).matches("\\d+,\\d\\d");
            assertThat(decimal(row.get(11))).isEqualByComparingTo(decimal(row.get(10)).multiply(BigDecimal.valueOf(quantity)));
        }
        assertThat(walkIns).isPositive();
    }

    @Test
    void callCenterAndCrmRowsUseLocalTimestampsAndTheListedValues() {
        DateTimeFormatter dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (List<String> row : data.rows("call-center.csv")) {
            Instant started = LocalDateTime.parse(row.get(1), dateTime).atZone(ISTANBUL).toInstant();
            assertThat(started).isBetween(START, END);
            assertThat(row.get(3)).matches("|C\\d{8}");
            assertThat(Integer.parseInt(row.get(4))).isPositive();
            assertThat(row.get(6)).isIn("çözüldü", "yönlendirildi", "geri aranacak");
        }
        for (List<String> row : data.rows("crm-contacts.csv")) {
            assertThat(row.get(0)).matches("C\\d{8}");
            if (!row.get(5).isEmpty()) {
                LocalDate.parse(row.get(5));
            }
            assertThat(row.get(6)).isIn("K", "E");
            assertThat(LocalDateTime.parse(row.get(11), dateTime).toLocalDate()).isBeforeOrEqualTo(TestingDataset.CONFIG.endDate());
        }
    }

    @Test
    void emailOpensFollowSendsAndClicksFollowOpens() {
        Map<String, String> lastAction = new HashMap<>();
        Map<String, Instant> lastTime = new HashMap<>();
        Map<String, String> order = Map.of("sent", "", "opened", "sent", "clicked", "opened");
        for (List<String> row : data.rows("email-engagement.csv")) {
            String key = row.get(1) + " " + row.get(3);
            String action = row.get(4);
            Instant at = Instant.parse(row.get(5));
            assertThat(row.get(5)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(at).isBetween(START, END);
            assertThat(lastAction.getOrDefault(key, "")).as("%s before %s", action, key).isEqualTo(order.get(action));
            if (lastTime.containsKey(key)) {
                assertThat(at).isAfter(lastTime.get(key));
            }
            assertThat(row.get(6).isEmpty()).as("url only on clicks: %s", row).isEqualTo(!action.equals("clicked"));
            lastAction.put(key, action);
            lastTime.put(key, at);
        }
        assertThat(lastAction.values()).contains("clicked");
    }

    @Test
    void namesAndCitiesUseTurkishLetters() {
        String people = String.join("\n", data.lines("truth/people.csv"));
        for (String letter : List.of("İ", "ı", "ş", "ğ", "ç", "ö", "ü", "Ş", "Ç", "Ö", "Ü")) {
            assertThat(people).as("letter %s", letter).contains(letter);
        }
        Set<String> cities = data.rows("truth/people.csv").stream().map(row -> row.get(5)).collect(Collectors.toSet());
        assertThat(cities).contains("İstanbul", "Eskişehir", "Diyarbakır", "İzmir");
    }

    @Test
    void phonesAppearInAtLeastFourFormats() {
        Set<String> shapes = data.rows("truth/identifiers.csv").stream()
                .filter(row -> row.get(0).equals("phone") && row.get(3).isEmpty())
                .map(row -> row.get(1).replaceAll("\\d", "9"))
                .collect(Collectors.toSet());
        // +90 532 123 45 67, 0532 123 4567, 5321234567, +905321234567, 0 (532) 123 45 67
        assertThat(shapes).contains("+99 999 999 99 99", "9999 999 9999", "9999999999", "+999999999999", "9 (999) 999 99 99");
    }

    private static BigDecimal decimal(String commaDecimal) {
        return new BigDecimal(commaDecimal.replace(',', '.'));
    }

    private static String uuid() {
        return "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    }
}
