package io.tekil.core.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A cursor over JSON in UTF-8 bytes that checks the grammar of everything it passes, strictly as Jackson with its
 * default settings would, or gives up with {@link Unsupported}: {@link BatchScanner}'s reading of the bytes, without
 * the trees. It passes a skipped string by looking for its closing quote eight bytes at a time, and a skipped number
 * or literal by its grammar, without decoding either. It gives up on more than Jackson refuses: an escaped name, a
 * number with an exponent or more than 18 digits, nesting deeper than {@link #MAX_DEPTH}, a name or string past
 * Jackson's length limits. It checks that every string and name is UTF-8 as strictly as {@link Utf8} does (any other
 * byte that is not ASCII breaks the grammar): a string whose words all read as ASCII while its end was looked for is
 * not read again, so the check costs next to nothing for the ASCII that most of a message is. One instance per text.
 */
final class StrictJsonReader {
    /** The text is for Jackson to read. Carries no stack trace: it is a signal. */
    static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    static final Unsupported UNSUPPORTED = new Unsupported();
    /** Deeper nesting goes to Jackson, whose own limit is far above any real message's nesting. */
    static final int MAX_DEPTH = 64;
    /**
     * Jackson's default limits on a name's and a string's length ({@code StreamReadConstraints}): longer ones go to
     * Jackson, which refuses them. (Its number limit, 1,000 digits, is far above the 18 read here.)
     */
    static final int MAX_NAME_BYTES = 50_000;
    static final int MAX_STRING_CHARS = 20_000_000;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;

    /**
     * Field names read most often: the batch body's, and those the trees keep: the Spec's, and those of its
     * {@code context} and {@code traits}.
     */
    static final List<String> COMMON_NAMES = List.of("batch", "type", "event", "messageId", "anonymousId", "userId", "timestamp", "sentAt",
            "originalTimestamp", "receivedAt", "properties", "context", "integrations", "traits", "name", "groupId", "previousId", "writeKey",
            "version", "channel", "category", "price", "revenue", "total", "currency", "device", "externalIds", "library", "page", "ip",
            "userAgent", "locale", "timezone", "os", "app", "screen", "network", "campaign", "referrer", "path", "url", "title", "search",
            "id", "email", "phone", "firstName", "lastName", "birthday", "address", "city", "country", "postalCode", "gender", "username",
            "advertisingId", "adTrackingEnabled", "manufacturer", "model", "token", "instanceId", "userAgentData", "collection",
            "encoding", "All");
    /**
     * {@link #COMMON_NAMES} in an open-addressing table by {@link #slot} of their bytes, so a name is found with one
     * probe, usually, and one comparison of bytes; {@link #COMMON_BYTES} holds each slot's name as UTF-8.
     */
    private static final int COMMON_SLOTS = 256;
    private static final String[] COMMON_TABLE = new String[COMMON_SLOTS];
    private static final byte[][] COMMON_BYTES = new byte[COMMON_SLOTS][];
    /** Each slot's name as little-endian words of eight bytes, the last padded with zeros: compared a word at a time. */
    private static final long[][] COMMON_WORDS = new long[COMMON_SLOTS][];
    /** How many slots the lookup of a common name looks at, at most: its insertion's, there being no removals. */
    static final int LONGEST_PROBE;

    static {
        if (COMMON_NAMES.size() > COMMON_SLOTS / 2 || Set.copyOf(COMMON_NAMES).size() != COMMON_NAMES.size()) {
            throw new AssertionError("common names must be distinct and fill at most half of the table");
        }
        int longest = 0;
        for (String name : COMMON_NAMES) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            int slot = slot(bytes, 0, bytes.length);
            int probes = 1;
            while (COMMON_TABLE[slot] != null) {
                slot = (slot + 1) & (COMMON_SLOTS - 1);
                probes++;
            }
            COMMON_TABLE[slot] = name;
            COMMON_BYTES[slot] = bytes;
            COMMON_WORDS[slot] = words(bytes);
            longest = Math.max(longest, probes);
        }
        LONGEST_PROBE = longest;
    }

    private final byte[] json;
    private final int length;
    private int at;
    private int nameStart;
    private int nameEnd;
    /** Whether an escape of a UTF-16 surrogate was passed since {@link #takeSurrogateEscape}. */
    private boolean surrogateEscape;
    /**
     * The bytes {@link #stringStop} read since the last {@link #requireUtf8}, OR-ed together: when none has its high bit
     * set, the string was ASCII. (Bytes read past a string's end may set it too; the check is then merely not needed.)
     */
    private long readBytes;

    StrictJsonReader(byte[] json, int length) {
        this.json = json;
        this.length = length;
    }

    /** Where the cursor is: at the next value's first byte after {@link #peek}, past a value after reading it. */
    int position() {
        return at;
    }

    /** A copy of {@code [from, to)} of the text. */
    byte[] copy(int from, int to) {
        return Arrays.copyOfRange(json, from, to);
    }

    /**
     * Whether a {@code \}{@code u} escape of a UTF-16 surrogate was passed since the last call (only such a text may
     * need {@link LoneSurrogates#repair}); clears it.
     */
    boolean takeSurrogateEscape() {
        boolean seen = surrogateEscape;
        surrogateEscape = false;
        return seen;
    }

    /** The first byte of the next value, after whitespace. */
    byte peek() {
        skipWhitespace();
        if (at >= length) {
            throw UNSUPPORTED;
        }
        return json[at];
    }

    /** Passes the opening bracket {@link #peek} saw; true when the object or array is empty (its end passed too). */
    boolean enterEmpty(char close) {
        at++;
        skipWhitespace();
        if (at < length && json[at] == close) {
            at++;
            return true;
        }
        return false;
    }

    /** After a member: past a comma (true, another member follows) or past {@code close} (false). */
    boolean nextMember(char close) {
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

    /** Passes whitespace and {@code c}. */
    void expect(char c) {
        skipWhitespace();
        if (at >= length || json[at] != c) {
            throw UNSUPPORTED;
        }
        at++;
    }

    /** Whether only whitespace is left. */
    boolean atEnd() {
        skipWhitespace();
        return at == length;
    }

    /** Reads a field name and the colon after it, and returns the name decoded. */
    String name() {
        skipName();
        return nameText();
    }

    /** Reads a field name (no escapes) and the colon after it, without decoding the name: see {@link #commonSlot}. */
    void skipName() {
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
        requireUtf8(nameStart, end);
        nameEnd = end;
        at = end + 1;
        expect(':');
    }

    /** The slot of the name read last in the common names' table when it is one of {@link #COMMON_NAMES}; else -1. */
    int commonSlot() {
        int size = nameEnd - nameStart;
        if (size == 0) {
            return -1;
        }
        // the words read may run past the name (into its closing quote, the colon, the value), not past the array
        boolean byWords = nameStart + (size + Long.BYTES - 1) / Long.BYTES * Long.BYTES <= json.length;
        for (int slot = slot(json, nameStart, nameEnd); COMMON_TABLE[slot] != null; slot = (slot + 1) & (COMMON_SLOTS - 1)) {
            byte[] candidate = COMMON_BYTES[slot];
            if (candidate.length == size && (byWords ? sameWords(json, nameStart, COMMON_WORDS[slot], size) : sameBytes(candidate, size))) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * Whether the {@code size} bytes of {@code text} from {@code start} are those of {@code words} (little-endian, the
     * last word padded), compared eight bytes at a time; the bytes of the last word past {@code size} are not compared
     * but must be in the array. (A byte loop was 7% of the request threads' time.)
     */
    static boolean sameWords(byte[] text, int start, long[] words, int size) {
        int last = words.length - 1;
        for (int word = 0; word < last; word++) {
            if ((long) LONGS.get(text, start + word * Long.BYTES) != words[word]) {
                return false;
            }
        }
        int tail = size - last * Long.BYTES; // 1 to 8
        long mask = tail == Long.BYTES ? -1L : (1L << (tail * Byte.SIZE)) - 1;
        return (((long) LONGS.get(text, start + last * Long.BYTES) ^ words[last]) & mask) == 0;
    }

    /** {@code bytes} as little-endian words of eight bytes, the last padded with zeros, for {@link #sameWords}. */
    static long[] words(byte[] bytes) {
        byte[] padded = Arrays.copyOf(bytes, (bytes.length + Long.BYTES - 1) / Long.BYTES * Long.BYTES);
        long[] words = new long[padded.length / Long.BYTES];
        for (int word = 0; word < words.length; word++) {
            words[word] = (long) LONGS.get(padded, word * Long.BYTES);
        }
        return words;
    }

    /** As {@link #sameWords}, a byte at a time: for a name too near the end of the array to read whole words. */
    private boolean sameBytes(byte[] candidate, int size) {
        for (int i = 0; i < size; i++) {
            if (json[nameStart + i] != candidate[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name read last when it is one of {@link #COMMON_NAMES}: that very string (no copy, and its hash, which the
     * tree's maps and a {@code switch} compute for every name, is computed once); else null.
     */
    String commonName() {
        int slot = commonSlot();
        return slot < 0 ? null : COMMON_TABLE[slot];
    }

    /** The common name in {@code slot} of the table ({@link #commonSlot}). */
    static String commonName(int slot) {
        return COMMON_TABLE[slot];
    }

    /** Which slots of the table hold one of {@code names}, all common names. */
    static boolean[] slotsOf(Set<String> names) {
        boolean[] slots = new boolean[COMMON_SLOTS];
        int found = 0;
        for (int slot = 0; slot < COMMON_SLOTS; slot++) {
            if (COMMON_TABLE[slot] != null && names.contains(COMMON_TABLE[slot])) {
                slots[slot] = true;
                found++;
            }
        }
        if (found != names.size()) {
            throw new IllegalArgumentException("not all common names: " + names);
        }
        return slots;
    }

    /** The name read last, decoded: {@link #commonName} when it is a common one, else a new string. */
    String nameText() {
        String common = commonName();
        return common != null ? common : newNameString();
    }

    /** The name read last as a new string, for a caller that already knows it is not common ({@link #commonSlot} -1). */
    String newNameString() {
        return new String(json, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
    }

    /** A slot of the common names' table for the bytes {@code [start, end)}, not empty: from their length and three of them. */
    private static int slot(byte[] bytes, int start, int end) {
        int size = end - start;
        int hash = ((size * 31 + bytes[start]) * 31 + bytes[start + size / 2]) * 31 + bytes[end - 1];
        hash *= 0x9E3779B9;
        return (hash >>> 24) & (COMMON_SLOTS - 1);
    }

    /** Reads a string value and decodes its escapes as Jackson does (a lone surrogate escape stays a lone char). */
    String string() {
        int start = at + 1;
        int stop = stringStop(start);
        if (stop < length && json[stop] == '"') { // no escape: most strings
            requireStringLength(stop - start);
            requireUtf8(start, stop);
            at = stop + 1;
            return new String(json, start, stop - start, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder();
        at = stringEnd(start, text) + 1;
        return text.toString();
    }

    /** Checks and passes the next value; {@code depth} is its container's. */
    void skip(int depth) {
        switch (peek()) {
            case '"' -> at = stringEnd(at + 1, null) + 1;
            case '{' -> {
                requireDepth(depth + 1);
                if (!enterEmpty('}')) {
                    do {
                        skipName();
                        skip(depth + 1);
                    } while (nextMember('}'));
                }
            }
            case '[' -> {
                requireDepth(depth + 1);
                if (!enterEmpty(']')) {
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

    /**
     * Passes a number in JSON's grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}) of at most 18 digits; whether it has a
     * fraction. An exponent, a longer number or anything else is for Jackson.
     */
    boolean numberEnd() {
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

    /** The whole number (at most 18 digits, no fraction) that ends at the cursor and starts at {@code start}. */
    long wholeNumber(int start) {
        long value = 0;
        boolean negative = json[start] == '-';
        for (int i = negative ? start + 1 : start; i < at; i++) {
            value = value * 10 + (json[i] - '0');
        }
        return negative ? -value : value;
    }

    /** The text of {@code [start, cursor)}, ASCII (a number's). */
    String ascii(int start) {
        return new String(json, start, at - start, StandardCharsets.ISO_8859_1);
    }

    void literal(String word) {
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

    static void requireDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw UNSUPPORTED;
        }
    }

    /**
     * Where the closing quote is of the string whose content starts at {@code start}, checking its escapes and that it
     * has no control character; the content, its escapes decoded, is appended to {@code text} unless that is null.
     */
    private int stringEnd(int start, StringBuilder text) {
        int plain = start;
        int i = start;
        while (true) {
            i = stringStop(i);
            if (i >= length) {
                throw UNSUPPORTED;
            }
            byte b = json[i];
            if (b != '"' && b != '\\') {
                throw UNSUPPORTED; // a control character
            }
            if (text != null) { // an escape is ASCII: no UTF-8 sequence is cut
                text.append(new String(json, plain, i - plain, StandardCharsets.UTF_8));
            }
            if (b == '"') {
                requireStringLength(i - start);
                requireUtf8(start, i);
                return i;
            }
            i = escape(i, text);
            plain = i;
        }
    }

    /** Checks the escape at {@code backslash}, appends what it stands for to {@code text} unless null; returns the index past it. */
    private int escape(int backslash, StringBuilder text) {
        if (backslash + 1 >= length) {
            throw UNSUPPORTED;
        }
        char decoded = switch (json[backslash + 1]) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> (char) hex4(backslash + 2);
            default -> throw UNSUPPORTED;
        };
        if (text != null) {
            text.append(decoded);
        }
        if (json[backslash + 1] != 'u') {
            return backslash + 2;
        }
        surrogateEscape |= Character.isSurrogate(decoded);
        return backslash + 6;
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

    /** A string of {@code bytes} UTF-8 bytes, which are at least as many as its chars: a longer one goes to Jackson. */
    private static void requireStringLength(int bytes) {
        if (bytes > MAX_STRING_CHARS) {
            throw UNSUPPORTED;
        }
    }

    /**
     * Refuses the string {@code [from, to)} unless it is valid UTF-8, which is known without reading it again when
     * {@link #stringStop} saw only ASCII since the last call.
     */
    private void requireUtf8(int from, int to) {
        if ((readBytes & HIGHS) != 0) {
            readBytes = 0;
            if (Utf8.firstInvalid(json, from, to) >= 0) {
                throw UNSUPPORTED; // Jackson reads some invalid sequences; the validator then rejects the message
            }
        }
    }

    /**
     * Where the first quote, backslash or control character at or after {@code from} is ({@code length} when none),
     * eight bytes at a time: a string's bytes are mostly none of those. Notes in {@link #readBytes} what it read.
     */
    private int stringStop(int from) {
        int i = from;
        long read = 0; // kept in a register, added to the field once
        while (i + Long.BYTES <= length) {
            long word = (long) LONGS.get(json, i);
            read |= word;
            long quotes = word ^ QUOTES;
            long backslashes = word ^ BACKSLASHES;
            // a byte is flagged when it is zero in quotes or backslashes, or below 0x20 in word; the lowest flag is exact
            long flags = ((quotes - ONES) & ~quotes | (backslashes - ONES) & ~backslashes | (word - SPACES) & ~word) & HIGHS;
            if (flags != 0) {
                readBytes |= read;
                return i + (Long.numberOfTrailingZeros(flags) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < length) {
            byte b = json[i];
            read |= b;
            if (b == '"' || b == '\\' || (b >= 0 && b < 0x20)) {
                readBytes |= read;
                return i;
            }
            i++;
        }
        readBytes |= read;
        return length;
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
}
