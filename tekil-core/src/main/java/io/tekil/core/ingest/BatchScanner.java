package io.tekil.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a {@code /v1/batch} body into the same messages and trees as {@link BatchParser}'s Jackson path, but in one
 * pass over its bytes that checks the JSON grammar without tokenizing what it skips: names are compared as bytes,
 * skipped strings are looked through for their closing quote, skipped numbers and literals are checked and passed.
 * Jackson took about 13% of durable ingestion's CPU on the request threads, tokenizing every byte of every message and
 * building the trees (docs/benchmarks.md, "Thirteenth session").
 *
 * <p>It accepts strictly less than Jackson with its default settings: a body that is not entirely valid UTF-8, a name
 * with an escape or a control character, a name or string past Jackson's length limits, a number with more than 18
 * digits, an exponent, a nesting deeper than {@link #MAX_DEPTH} levels within a message, a message that is not an
 * object or has a lone-surrogate escape (Jackson's path repairs it), a byte-order mark, anything malformed. On each of those it gives up with {@link Unsupported} and
 * the caller reads the body with Jackson, which then says what is wrong or reads what is merely unusual. So a body
 * this class reads is one Jackson reads the same way; {@code TestBatchScanner} checks the trees agree on random and
 * mutated bodies. Thread-safe (one instance per body).
 */
final class BatchScanner {
    /** The body is for Jackson to read. Carries no stack trace: it is a signal. */
    static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private static final Unsupported UNSUPPORTED = new Unsupported();
    /** Deeper nesting goes to Jackson, whose own limit is far above any real message's nesting. */
    static final int MAX_DEPTH = 64;
    /**
     * Jackson's default limits on a name's and a string's length ({@code StreamReadConstraints}): longer ones go to
     * Jackson, which refuses them. (Its number limit, 1,000 digits, is far above the 18 read here.)
     */
    static final int MAX_NAME_BYTES = 50_000;
    static final int MAX_STRING_CHARS = 20_000_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] BATCH = ascii("batch");
    private static final byte[] WRITE_KEY = ascii("writeKey");
    private static final byte[] SENT_AT = ascii("sentAt");
    private static final byte[] CONTEXT = ascii("context");
    private static final byte[] PROPERTIES = ascii("properties");
    private static final byte[] INTEGRATIONS = ascii("integrations");
    private static final byte[][] READ_PROPERTIES = BatchParser.READ_PROPERTIES.stream().map(BatchScanner::ascii).toArray(byte[][]::new);
    private static final byte[][] READ_CONTEXT = BatchParser.READ_CONTEXT.stream().map(BatchScanner::ascii).toArray(byte[][]::new);

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    /** Field names the trees keep most often: the Spec's, and those of its {@code context} and {@code traits}. */
    static final List<String> COMMON_NAMES = List.of("type", "event", "messageId", "anonymousId", "userId", "timestamp", "sentAt",
            "originalTimestamp", "receivedAt", "properties", "context", "integrations", "traits", "name", "groupId", "previousId", "writeKey",
            "version", "channel", "category", "price", "revenue", "total", "currency", "device", "externalIds", "library", "page", "ip",
            "userAgent", "locale", "timezone", "os", "app", "screen", "network", "campaign", "referrer", "path", "url", "title", "search",
            "id", "email", "phone", "firstName", "lastName", "birthday", "address", "city", "country", "postalCode", "gender", "username",
            "advertisingId", "adTrackingEnabled", "manufacturer", "model", "token", "instanceId", "userAgentData", "collection",
            "encoding", "All");
    /** {@link #COMMON_NAMES} by length. */
    private static final String[][] COMMON_BY_LENGTH = byLength(COMMON_NAMES);

    private final byte[] json;
    private final int length;
    private int at;
    private int nameStart;
    private int nameEnd;

    private BatchScanner(byte[] json, int length) {
        this.json = json;
        this.length = length;
    }

    /**
     * The body's messages, its write key and sent-at texts, and where its batch context is.
     *
     * @throws Unsupported when the body is for Jackson to read
     */
    static Body read(byte[] body, int length) {
        if (Utf8.firstInvalid(body, 0, length) >= 0) {
            throw UNSUPPORTED;
        }
        return new BatchScanner(body, length).body();
    }

    /** What {@link #read} found: the batch context as the offsets of its object in the body, or -1 when absent. */
    record Body(String writeKey, String sentAt, int contextStart, int contextEnd, List<RawMessage> messages) {}

    private Body body() {
        skipWhitespace();
        expect('{');
        String writeKey = null;
        String sentAt = null;
        int contextStart = -1;
        int contextEnd = -1;
        List<RawMessage> messages = null;
        if (!closes('}')) {
            do {
                name();
                byte lead = peek();
                if (nameIs(BATCH)) {
                    if (lead != '[') {
                        throw UNSUPPORTED; // Jackson says what is wrong
                    }
                    messages = messages();
                } else if (nameIs(WRITE_KEY)) {
                    writeKey = lead == '"' ? string() : skipAsNull(0);
                } else if (nameIs(SENT_AT)) {
                    sentAt = lead == '"' ? string() : skipAsNull(0);
                } else if (nameIs(CONTEXT)) {
                    contextStart = lead == '{' ? at : -1;
                    skip(0);
                    contextEnd = contextStart < 0 ? -1 : at;
                } else {
                    skip(0);
                }
            } while (nextMember('}'));
        }
        skipWhitespace();
        if (at != length || messages == null) {
            throw UNSUPPORTED;
        }
        return new Body(writeKey, sentAt, contextStart, contextEnd, messages);
    }

    private List<RawMessage> messages() {
        at++; // '['
        List<RawMessage> messages = new ArrayList<>();
        if (closes(']')) {
            return messages;
        }
        do {
            if (peek() != '{') {
                throw UNSUPPORTED; // kept for the validator to reject, by Jackson
            }
            int start = at;
            int[] contextEnd = {-1};
            ObjectNode node = message(start, contextEnd);
            byte[] message = Arrays.copyOfRange(json, start, at);
            if (LoneSurrogates.repair(message)) {
                throw UNSUPPORTED; // rare: Jackson reads the repaired message again
            }
            messages.add(new RawMessage(messages.size(), node, new io.tekil.core.event.JsonText(message), at - start, contextEnd[0]));
        } while (nextMember(']'));
        return messages;
    }

    /** As {@link BatchParser}'s {@code readObject}: a tree of what validation reads. */
    private ObjectNode message(int start, int[] contextEnd) {
        at++; // '{'
        ObjectNode object = NODES.objectNode();
        if (closes('}')) {
            return object;
        }
        do {
            String name = name();
            boolean isContext = nameIs(CONTEXT);
            JsonNode node;
            boolean isObject = peek() == '{';
            if (!isObject) {
                node = value(1);
            } else if (nameIs(PROPERTIES)) {
                node = fields(READ_PROPERTIES, null);
            } else if (isContext) {
                node = fields(READ_CONTEXT, NullNode.getInstance());
            } else if (nameIs(INTEGRATIONS)) {
                node = fields(new byte[0][], null);
            } else {
                node = value(1);
            }
            if (isContext) { // the last context decides, as in the tree
                contextEnd[0] = isObject ? at - 1 - start : -1;
            }
            object.set(name, node);
        } while (nextMember('}'));
        return object;
    }

    /**
     * As {@link BatchParser}'s {@code readFields}, for an object at depth 2: the values of the fields named in
     * {@code read}; every other field skipped, and kept with the value {@code others} unless that is null.
     */
    private ObjectNode fields(byte[][] read, JsonNode others) {
        at++; // '{'
        ObjectNode object = NODES.objectNode();
        if (closes('}')) {
            return object;
        }
        do {
            skipName();
            if (nameIsOneOf(read)) {
                object.set(nameText(), value(2));
            } else if (others == null) {
                skip(2); // no name decoded: most of a message's properties
            } else {
                String name = nameText();
                skip(2);
                object.set(name, others);
            }
        } while (nextMember('}'));
        return object;
    }

    private boolean nameIsOneOf(byte[][] names) {
        for (byte[] name : names) {
            if (nameIs(name)) {
                return true;
            }
        }
        return false;
    }

    /** The next value as a tree, as Jackson's {@code readValueAsTree} builds it; {@code depth} is its container's. */
    private JsonNode value(int depth) {
        byte lead = peek();
        switch (lead) {
            case '"' -> {
                return NODES.textNode(string());
            }
            case '{' -> {
                requireDepth(depth + 1);
                at++;
                ObjectNode object = NODES.objectNode();
                if (!closes('}')) {
                    do {
                        String name = name();
                        object.set(name, value(depth + 1)); // a repeated name: the first's place, the last's value
                    } while (nextMember('}'));
                }
                return object;
            }
            case '[' -> {
                requireDepth(depth + 1);
                at++;
                ArrayNode array = NODES.arrayNode();
                if (!closes(']')) {
                    do {
                        array.add(value(depth + 1));
                    } while (nextMember(']'));
                }
                return array;
            }
            case 't' -> {
                literal("true");
                return NODES.booleanNode(true);
            }
            case 'f' -> {
                literal("false");
                return NODES.booleanNode(false);
            }
            case 'n' -> {
                literal("null");
                return NODES.nullNode();
            }
            default -> {
                return number();
            }
        }
    }

    /** Checks and passes the next value; null. */
    private <T> T skipAsNull(int depth) {
        skip(depth);
        return null;
    }

    /** Checks and passes the next value without building it. */
    private void skip(int depth) {
        switch (peek()) {
            case '"' -> skipString();
            case '{' -> {
                requireDepth(depth + 1);
                at++;
                if (!closes('}')) {
                    do {
                        skipName();
                        skip(depth + 1);
                    } while (nextMember('}'));
                }
            }
            case '[' -> {
                requireDepth(depth + 1);
                at++;
                if (!closes(']')) {
                    do {
                        skip(depth + 1);
                    } while (nextMember(']'));
                }
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> numberEnd();
        }
    }

    /** A string of {@code bytes} UTF-8 bytes, which are at least as many as its chars: a longer one goes to Jackson. */
    private static void requireStringLength(int bytes) {
        if (bytes > MAX_STRING_CHARS) {
            throw UNSUPPORTED;
        }
    }

    private static void requireDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw UNSUPPORTED;
        }
    }

    /** A number as Jackson's tree holds it: an int, or a long past the ints; a double when it has a fraction. */
    private JsonNode number() {
        int start = at;
        boolean fraction = numberEnd();
        if (fraction) {
            return NODES.numberNode(Double.parseDouble(new String(json, start, at - start, StandardCharsets.ISO_8859_1)));
        }
        long value = 0;
        boolean negative = json[start] == '-';
        for (int i = negative ? start + 1 : start; i < at; i++) {
            value = value * 10 + (json[i] - '0');
        }
        value = negative ? -value : value;
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    /**
     * Passes a number in JSON's grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}) of at most 18 digits; whether it has a
     * fraction. An exponent, a longer number or anything else is for Jackson.
     */
    private boolean numberEnd() {
        int i = at;
        if (i < length && json[i] == '-') {
            i++;
        }
        int digits = i;
        while (i < length && json[i] >= '0' && json[i] <= '9') {
            i++;
        }
        int whole = i - digits;
        if (whole == 0 || whole > 18 || (whole > 1 && json[digits] == '0')) {
            throw UNSUPPORTED;
        }
        boolean fraction = i < length && json[i] == '.';
        if (fraction) {
            int point = ++i;
            while (i < length && json[i] >= '0' && json[i] <= '9') {
                i++;
            }
            if (i == point) {
                throw UNSUPPORTED;
            }
        }
        if (i - digits > 19 || (i < length && (json[i] == 'e' || json[i] == 'E'))) {
            throw UNSUPPORTED; // 18 digits and a point at most, no exponent
        }
        at = i;
        return fraction;
    }

    private void literal(String word) {
        if (at + word.length() > length) {
            throw UNSUPPORTED;
        }
        for (int i = 0; i < word.length(); i++) {
            if (json[at + i] != word.charAt(i)) {
                throw UNSUPPORTED;
            }
        }
        at += word.length();
    }

    /** Reads a field name and the colon after it; the name is decoded (UTF-8, no escapes) and noted for {@link #nameIs}. */
    private String name() {
        skipName();
        return nameText();
    }

    /**
     * The name {@link #skipName} read, decoded: one of {@link #COMMON_NAMES} when it is one (no copy, and its hash,
     * which the tree's maps compute for every name, is computed once), else a new string.
     */
    private String nameText() {
        int size = nameEnd - nameStart;
        if (size < COMMON_BY_LENGTH.length) {
            for (String candidate : COMMON_BY_LENGTH[size]) {
                if (nameIs(candidate)) {
                    return candidate;
                }
            }
        }
        return new String(json, nameStart, size, StandardCharsets.UTF_8);
    }

    /** Whether the name just read is {@code candidate}, which is ASCII and as long. */
    private boolean nameIs(String candidate) {
        for (int i = 0; i < candidate.length(); i++) {
            if (json[nameStart + i] != candidate.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipName() {
        if (peek() != '"') {
            throw UNSUPPORTED;
        }
        nameStart = at + 1;
        int end = stringStop(nameStart);
        if (end >= length || json[end] != '"') {
            throw UNSUPPORTED; // an escaped name (Jackson decodes it), a control character, or no end
        }
        if (end - nameStart > MAX_NAME_BYTES) {
            throw UNSUPPORTED; // Jackson refuses it
        }
        nameEnd = end;
        at = end + 1;
        skipWhitespace();
        expect(':');
    }

    /**
     * Where the first quote, backslash or control character at or after {@code from} is ({@code length} when none),
     * eight bytes at a time: a string's bytes are mostly none of those.
     */
    private int stringStop(int from) {
        int i = from;
        while (i + Long.BYTES <= length) {
            long word = (long) LONGS.get(json, i);
            long quotes = word ^ QUOTES;
            long backslashes = word ^ BACKSLASHES;
            // a byte is flagged when it is zero in quotes or backslashes, or below 0x20 in word; the lowest flag is exact
            long flags = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (word - SPACES) & ~word) & HIGHS;
            if (flags != 0) {
                return i + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < length) {
            byte b = json[i];
            if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
                return i;
            }
            i++;
        }
        return length;
    }

    private boolean nameIs(byte[] name) {
        if (nameEnd - nameStart != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (json[nameStart + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a string value and decodes its escapes as Jackson does (a lone surrogate escape stays a lone char). */
    private String string() {
        int start = at + 1;
        int end = stringStop(start);
        if (end >= length) {
            throw UNSUPPORTED;
        }
        byte b = json[end];
        if (b == '"') {
            requireStringLength(end - start);
            at = end + 1;
            return new String(json, start, end - start, StandardCharsets.UTF_8);
        }
        if (b == '\\') {
            return escapedString(start);
        }
        throw UNSUPPORTED; // a control character
    }

    private String escapedString(int start) {
        StringBuilder text = new StringBuilder();
        int i = start;
        int plain = start;
        while (true) {
            if (i >= length) {
                throw UNSUPPORTED;
            }
            byte b = json[i];
            if (b == '"') {
                requireStringLength(i - start);
                text.append(new String(json, plain, i - plain, StandardCharsets.UTF_8));
                at = i + 1;
                return text.toString();
            }
            if (b >= 0 && b < 0x20) {
                throw UNSUPPORTED;
            }
            if (b != '\\') {
                i++;
                continue;
            }
            text.append(new String(json, plain, i - plain, StandardCharsets.UTF_8));
            if (i + 1 >= length) {
                throw UNSUPPORTED;
            }
            switch (json[i + 1]) {
                case '"' -> text.append('"');
                case '\\' -> text.append('\\');
                case '/' -> text.append('/');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    text.append((char) hex4(i + 2));
                    i += 4;
                }
                default -> throw UNSUPPORTED;
            }
            i += 2;
            plain = i;
        }
    }

    /** Passes a string value, checking its escapes and that it has no control character. */
    private void skipString() {
        int i = at + 1;
        while (true) {
            i = stringStop(i);
            if (i >= length) {
                throw UNSUPPORTED;
            }
            byte b = json[i];
            if (b == '"') {
                requireStringLength(i - at - 1);
                at = i + 1;
                return;
            }
            if (b != '\\' || i + 1 >= length) {
                throw UNSUPPORTED; // a control character
            }
            switch (json[i + 1]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                case 'u' -> {
                    hex4(i + 2);
                    i += 6;
                }
                default -> throw UNSUPPORTED;
            }
        }
    }

    private int hex4(int from) {
        if (from + 4 > length) {
            throw UNSUPPORTED;
        }
        int value = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(json[i], 16);
            if (digit < 0) {
                throw UNSUPPORTED;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** After a member: past a comma (true, another member follows) or past {@code close} (false). */
    private boolean nextMember(char close) {
        skipWhitespace();
        if (at >= length) {
            throw UNSUPPORTED;
        }
        byte b = json[at];
        if (b == ',') {
            at++;
            return true;
        }
        if (b == close) {
            at++;
            return false;
        }
        throw UNSUPPORTED;
    }

    /** Right after an opening bracket: past {@code close} when the object or array is empty. */
    private boolean closes(char close) {
        skipWhitespace();
        if (at < length && json[at] == close) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (at >= length || json[at] != c) {
            throw UNSUPPORTED;
        }
        at++;
    }

    /** The first byte of the next value, after whitespace. */
    private byte peek() {
        skipWhitespace();
        if (at >= length) {
            throw UNSUPPORTED;
        }
        return json[at];
    }

    private void skipWhitespace() {
        while (at < length) {
            byte b = json[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }

    private static String[][] byLength(List<String> names) {
        int longest = names.stream().mapToInt(String::length).max().orElse(0);
        String[][] byLength = new String[longest + 1][];
        for (int size = 0; size <= longest; size++) {
            int length = size;
            byLength[size] = names.stream().filter(name -> name.length() == length).toArray(String[]::new);
        }
        return byLength;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
