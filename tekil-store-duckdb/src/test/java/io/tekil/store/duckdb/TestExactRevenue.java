package io.tekil.store.duckdb;

import static io.tekil.core.testing.RandomJson.pick;
import static io.tekil.core.testing.RandomJson.whitespace;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import io.tekil.core.event.JsonScanner;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestExactRevenue {
    private static BigDecimal of(String json) {
        return ExactRevenue.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numbersAndNumberTextsThatTheJsonPathReadsExactly() {
        assertThat(of("{\"properties\":{\"revenue\":1299.90}}")).isEqualByComparingTo("1299.9");
        assertThat(of("{\"type\":\"track\",\"properties\":{\"products\":[{\"revenue\":1}],\"revenue\":-50}}")).isEqualByComparingTo("-50");
        assertThat(of("{\"properties\":{\"revenue\":1.5E10}}")).isEqualByComparingTo("15000000000");
        assertThat(of("{\"properties\":{\"revenue\":\"007\"}}")).isEqualByComparingTo("7");
        assertThat(of("{\"properties\":{\"revenue\":\"2500.1234567891\"}}")).isEqualByComparingTo("2500.1234567891");
    }

    @Test
    void whateverTheColumnCannotStandInForIsNull() {
        assertThat(of("{\"properties\":{\"total\":5}}")).as("no revenue").isNull();
        assertThat(of("{\"context\":{\"revenue\":5}}")).as("not under properties").isNull();
        assertThat(of("{\"properties\":{\"revenue\":\"2.500 TL\"}}")).as("not a plain number").isNull();
        assertThat(of("{\"properties\":{\"revenue\":true}}")).isNull();
        assertThat(of("{\"properties\":{\"revenue\":1.23456789012}}")).as("more than 10 decimals").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1234567890123456}}")).as("more than 15 digits, read through a double").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1},\"properties\":{\"revenue\":2}}")).as("properties twice").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1,\"revenue\":2}}")).as("revenue twice").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1")).as("broken JSON").isNull();
        assertThat(of("[\"revenue\"]")).isNull();
    }

    private static final String[] REVENUES = {"1299.90", "-50", "0", "-0", "1.5E10", "1e-3", "2E+2", "1.23456789012", "1234567890123456",
        "123456789012345", "\"007\"", "\"2500.1234567891\"", "\"2.500 TL\"", "\"1\\u0030\"", "\"-3.5\"", "\" 5\"", "true", "null",
        "[1]", "{\"revenue\":1}", "1e400", "0.00000000001", "99999999999999999999999999999"};
    private static final String[] OTHERS = {"\"a\"", "\"x}]\\\"{[\"", "3", "4.5e1", "[1,{\"revenue\":2},\"]\"]", "{\"revenue\":7,\"b\":[]}",
        "false", "null", "\"\\u0022revenue\\u0022\""};
    private static final String[] NAMES = {"revenue", "revenue", "total", "rev\\u0065nue", "price", "Revenue", "revenue "};

    /**
     * The scanner finds what the parser finds, on random messages with revenues of every shape, repeated fields,
     * escapes in names, brackets and quotes in skipped values, whitespace; where it cannot decide it says so, and
     * {@code of} then asks the parser.
     */
    @Test
    void scannerAndParserAgree() {
        SplittableRandom random = new SplittableRandom(17);
        int scannedAlone = 0;
        int found = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] json = message(random).getBytes(StandardCharsets.UTF_8);
            BigDecimal parsed = ExactRevenue.parsed(json);
            try {
                BigDecimal scanned = ExactRevenue.scanned(json);
                assertThat(scanned).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(parsed);
                scannedAlone++;
            } catch (JsonScanner.Unsupported | NumberFormatException e) {
                // not JSON the scanner can read (a message cut short here): the parser decides, as of() does
            }
            // without the name written plainly of() reads nothing: null is always safe, the SQL then reads the JSON
            boolean plainName = new String(json, StandardCharsets.UTF_8).contains("\"revenue\"");
            assertThat(ExactRevenue.of(json)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(plainName ? parsed : null);
            found += parsed == null ? 0 : 1;
        }
        assertThat(scannedAlone).as("messages the scanner decided alone").isGreaterThan(10_000);
        assertThat(found).as("messages with an exact revenue").isGreaterThan(1_000);
    }

    private static String message(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            if (random.nextInt(3) == 0) {
                json.append(whitespace(random)).append("\"properties\"").append(whitespace(random)).append(':').append(whitespace(random)).append(properties(random));
            } else {
                json.append('"').append(random.nextBoolean() ? "type" : "context").append("\":").append(pick(random, OTHERS));
            }
        }
        if (random.nextInt(4) != 0) {
            json.append(fields > 0 ? "," : "").append("\"properties\":").append(properties(random));
        }
        json.append(whitespace(random)).append('}');
        return random.nextInt(50) == 0 ? json.substring(0, random.nextInt(json.length())) : json.toString();
    }

    private static String properties(SplittableRandom random) {
        if (random.nextInt(15) == 0) {
            return pick(random, OTHERS);
        }
        StringBuilder json = new StringBuilder("{");
        int fields = 1 + random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',').append(whitespace(random));
            }
            String name = random.nextInt(3) == 0 ? pick(random, NAMES) : "revenue";
            String value = name.contains("ev") && random.nextInt(4) != 0 ? pick(random, REVENUES) : pick(random, OTHERS);
            json.append('"').append(name).append("\":").append(whitespace(random)).append(value);
        }
        return json.append('}').toString();
    }
}
