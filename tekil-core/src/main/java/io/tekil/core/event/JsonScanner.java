package io.tekil.core.event;

import java.nio.charset.StandardCharsets;

/**
 * Walks the fields of JSON objects in UTF-8 bytes and skips the values nobody asked for without tokenizing them:
 * a string is skipped by looking for its closing quote, an object or array by counting brackets outside strings.
 * That makes finding a few fields in a message several times cheaper than a streaming parser, which reads every
 * name and value it skips. It is meant for messages that were parsed once already (stored or validated ones): it
 * checks the commas, colons and brackets it walks past and that no value is missing, but not the text inside the
 * values it skips, nor a parser's limits on nesting depth and number length. Whatever it does not decode itself (a field
 * name with an escape, a wanted string with one, a structure that does not end, a missing value) ends the walk with
 * {@link Unsupported}, after which the caller reads the message with a full parser.
 */
public final class JsonScanner {
    /** The scanner cannot go on; read the message with a full parser. Carries no stack trace: it is a signal. */
    public static final class Unsupported extends RuntimeException {
        private Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] json;
    private int at;
    private int nameStart;
    private int nameEnd;

    public JsonScanner(byte[] json) {
        this.json = json;
    }

    /** The first byte of the next value (after whitespace): {@code '{'}, {@code '['}, {@code '"'}, a digit, {@code '-'}, or a literal's first letter. */
    public byte peek() {
        skipWhitespace();
        if (at >= json.length) {
            throw new Unsupported("the text ends where a value should be");
        }
        return json[at];
    }

    /** Enters the object that is the next value; false, with nothing read, when the next value is not an object. */
    public boolean enterObject() {
        return enter('{');
    }

    /** Enters the array that is the next value; false, with nothing read, when the next value is not an array. */
    public boolean enterArray() {
        return enter('[');
    }

    private boolean enter(char open) {
        if (peek() != open) {
            return false;
        }
        at++;
        justEntered = true;
        return true;
    }

    /** True right after entering an object or array, before its first member: no comma is due. */
    private boolean justEntered;

    /**
     * Moves to the next field of the object entered last, reading its name; false at the object's end (which it
     * reads past). After {@code true} the field's value is next: read it, enter it, or {@link #skipValue} it.
     */
    public boolean nextField() {
        if (!nextMember('}')) {
            return false;
        }
        if (json[at] != '"') {
            throw new Unsupported("expected a field name at byte " + at);
        }
        nameStart = at + 1;
        nameEnd = readPlainString("a field name");
        skipWhitespace();
        if (at >= json.length || json[at] != ':') {
            throw new Unsupported("expected ':' after a field name at byte " + at);
        }
        at++;
        return true;
    }

    /** Moves to the next element of the array entered last; false at the array's end (which it reads past). */
    public boolean nextElement() {
        return nextMember(']');
    }

    /** Past the comma before the next member, or past {@code close}; whether a member follows. */
    private boolean nextMember(char close) {
        skipWhitespace();
        if (at >= json.length) {
            throw new Unsupported("an object or array does not end");
        }
        if (json[at] == close) {
            at++;
            justEntered = false; // the enclosing object or array has just read a whole value
            return false;
        }
        if (!justEntered) {
            if (json[at] != ',') {
                throw new Unsupported("expected ',' or '" + close + "' at byte " + at);
            }
            at++;
            skipWhitespace();
            if (at >= json.length) {
                throw new Unsupported("an object or array does not end");
            }
        }
        justEntered = false;
        return true;
    }

    /** The current field's name. */
    public String fieldName() {
        return new String(json, nameStart, nameEnd - nameStart, StandardCharsets.UTF_8);
    }

    /** Whether the current field's name is {@code name} (ASCII). */
    public boolean fieldIs(String name) {
        int length = nameEnd - nameStart;
        if (length != name.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (json[nameStart + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The next value as text when it is a string or a whole number, as a JSON tree's node gives it as text (the
     * string's content; the number in decimal, {@code -0} as {@code 0}); otherwise null, the value skipped.
     */
    public String scalar() {
        byte lead = peek();
        if (lead == '"') {
            int start = at + 1;
            int end = readPlainString("a wanted string");
            return new String(json, start, end - start, StandardCharsets.UTF_8);
        }
        if (lead == '-' || (lead >= '0' && lead <= '9')) {
            String number = number();
            if (number.indexOf('.') >= 0 || number.indexOf('e') >= 0 || number.indexOf('E') >= 0) {
                return null; // not a whole number
            }
            return number.equals("-0") ? "0" : number;
        }
        skipValue();
        return null;
    }

    /** The next value's text exactly as written when it is a number; otherwise null, the value skipped. */
    public String number() {
        byte lead = peek();
        int from = at;
        skipValue();
        return lead == '-' || (lead >= '0' && lead <= '9') ? new String(json, from, at - from, StandardCharsets.US_ASCII) : null;
    }

    /** Skips the next value, whatever it is. */
    public void skipValue() {
        switch (peek()) {
            case '"' -> at = endOfString(at);
            case '{', '[' -> {
                int depth = 0;
                while (at < json.length) {
                    byte b = json[at];
                    if (b == '"') {
                        at = endOfString(at);
                        continue;
                    }
                    if (b == '{' || b == '[') {
                        depth++;
                    } else if (b == '}' || b == ']') {
                        depth--;
                        if (depth == 0) {
                            at++;
                            return;
                        }
                    }
                    at++;
                }
                throw new Unsupported("an object or array does not end");
            }
            default -> { // a number or a literal: up to what ends it
                int start = at;
                while (at < json.length) {
                    byte b = json[at];
                    if (b == ',' || b == '}' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                        break;
                    }
                    at++;
                }
                if (at == start) {
                    throw new Unsupported("a value is missing at byte " + at);
                }
            }
        }
    }

    /**
     * Reads past the string whose opening quote is at the current position and returns where its closing quote is;
     * a string with an escape is for a full parser to decode.
     */
    private int readPlainString(String what) {
        int i = at + 1;
        while (i < json.length && json[i] != '"') {
            if (json[i] == '\\') {
                throw new Unsupported(what + " with an escape");
            }
            i++;
        }
        if (i >= json.length) {
            throw new Unsupported(what + " does not end");
        }
        at = i + 1;
        return i;
    }

    /** The position after the string that starts with the quote at {@code quote}. */
    private int endOfString(int quote) {
        int i = quote + 1;
        while (i < json.length) {
            byte b = json[i];
            if (b == '"') {
                return i + 1;
            }
            i += b == '\\' ? 2 : 1;
        }
        throw new Unsupported("a string does not end");
    }

    private void skipWhitespace() {
        while (at < json.length) {
            byte b = json[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }
}
