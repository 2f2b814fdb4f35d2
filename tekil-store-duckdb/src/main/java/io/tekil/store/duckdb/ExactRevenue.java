package io.tekil.store.duckdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tekil.core.event.JsonScanner;
import io.tekil.core.event.JsonText;
import io.tekil.core.segment.Values;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * {@code properties.revenue} of a message as the exact number the segment engine would read from the JSON, for
 * the {@code revenue_number} column, or null when the column cannot stand in for the JSON: no such property,
 * not a number or a number-like text, a property given twice, or a value the JSON path would round (a number
 * with more than 15 significant digits goes through a double there; more than 10 decimals or 28 integer digits
 * do not fit {@code DECIMAL(38,10)}). The SQL reads {@code coalesce(revenue_number, <the JSON>)}, so null is
 * always safe.
 */
final class ExactRevenue {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonText.Needle NEEDLE = JsonText.needle("\"revenue\"");
    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern.compile(Values.PLAIN_DECIMAL);

    private ExactRevenue() {}

    static BigDecimal of(byte[] json) {
        if (!NEEDLE.foundIn(json)) {
            return null; // most events: no parse
        }
        try {
            return scanned(json);
        } catch (JsonScanner.Unsupported | NumberFormatException e) {
            return parsed(json); // an escape in a name or in the revenue text, or a structure the scanner cannot walk
        }
    }

    /**
     * The same as {@link #parsed} on the messages the loader reads, walking the message with {@link JsonScanner}, which
     * skips the values it does not read instead of tokenizing them: Jackson's tokenizing on the loader thread was about
     * 5% of durable ingestion's CPU (docs/benchmarks.md, "Thirteenth session"). Those messages were validated when
     * they were received, and the scanner does not check the values it skips: on text that is not JSON (an
     * unquoted {@code tru} after the revenue) it may find a revenue where the parser refuses the whole text. Throws
     * {@link JsonScanner.Unsupported} where it cannot decide.
     */
    static BigDecimal scanned(byte[] json) {
        JsonScanner scanner = new JsonScanner(json);
        if (!scanner.enterObject()) {
            return null;
        }
        BigDecimal found = null;
        boolean seenProperties = false;
        while (scanner.nextField()) {
            if (!scanner.fieldIs("properties")) {
                scanner.skipValue();
                continue;
            }
            if (seenProperties || !scanner.enterObject()) {
                return null;
            }
            seenProperties = true;
            boolean seenRevenue = false;
            while (scanner.nextField()) {
                if (!scanner.fieldIs("revenue")) {
                    scanner.skipValue();
                    continue;
                }
                if (seenRevenue) {
                    return null;
                }
                seenRevenue = true;
                found = scanner.peek() == '"' ? text(scanner.scalar()) : number(scanner.number());
                if (found == null) {
                    return null;
                }
            }
            if (found == null) {
                return null;
            }
        }
        return found;
    }

    /** The same with a JSON parser, which reads what the scanner cannot (escapes) and refuses what is not JSON. */
    static BigDecimal parsed(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            BigDecimal found = null;
            boolean seenProperties = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("properties")) {
                    if (seenProperties) {
                        return null;
                    }
                    seenProperties = true;
                    if (value != JsonToken.START_OBJECT) {
                        return null;
                    }
                    found = revenue(parser);
                    if (found == null) {
                        return null;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Inside {@code properties}: the revenue, or null (absent, twice, not exact). */
    private static BigDecimal revenue(JsonParser parser) throws IOException {
        BigDecimal found = null;
        boolean seen = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("revenue")) {
                if (seen) {
                    return null;
                }
                seen = true;
                found = switch (value) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(parser.getText());
                    case VALUE_STRING -> text(parser.getText());
                    default -> null;
                };
                if (found == null) {
                    return null;
                }
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }

    /** A JSON number's text, read through a double on the JSON path; null for a value that is not a number. */
    private static BigDecimal number(String text) {
        return text == null ? null : bounded(new BigDecimal(text), true);
    }

    /** A string's content, which the JSON path reads when it is a plain decimal. */
    private static BigDecimal text(String content) {
        return content != null && PLAIN_DECIMAL.matcher(content).matches() ? bounded(new BigDecimal(content), false) : null;
    }

    private static BigDecimal bounded(BigDecimal number, boolean viaDouble) {
        BigDecimal stripped = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
        int scale = Math.max(0, stripped.scale());
        int integerDigits = stripped.precision() - stripped.scale();
        if (scale > 10 || integerDigits > 28 || (viaDouble && stripped.precision() > 15)) {
            return null;
        }
        return stripped.setScale(10);
    }
}
