package io.tekil.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;

/** Reads NDJSON lines as rows whose columns are dotted paths into each line's object. */
final class JsonRowReader implements RowReader {
    private final LineReader lines;
    private final ObjectMapper mapper;
    private final Charset encoding;
    private final CharsetDecoder decoder;
    private final int maxLineBytes;

    JsonRowReader(InputStream in, ObjectMapper mapper, Charset encoding, int maxLineBytes) {
        this.lines = new LineReader(in, maxLineBytes);
        this.mapper = mapper;
        this.encoding = encoding;
        this.decoder = encoding.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Row next() throws IOException {
        while (lines.next()) {
            if (lines.isBlank()) {
                continue;
            }
            String text;
            try {
                text = decoder.reset().decode(ByteBuffer.wrap(lines.bytes(), 0, lines.length())).toString();
            } catch (CharacterCodingException e) {
                return new JsonRow(lines.lineNumber(), null, new String(lines.bytes(), 0, lines.length(), encoding), String.format(
                        "the line is not valid %s text; give the file's encoding in the mapping (file.encoding) or with --encoding",
                        encoding.name()));
            }
            if (lines.truncated()) {
                return new JsonRow(lines.lineNumber(), null, abbreviate(text),
                        String.format("the line is longer than %d bytes", maxLineBytes));
            }
            try {
                JsonNode node = mapper.readTree(text);
                if (node == null || !node.isObject()) {
                    return new JsonRow(lines.lineNumber(), null, text, "the line is not a JSON object");
                }
                return new JsonRow(lines.lineNumber(), node, text, null);
            } catch (JsonProcessingException e) {
                return new JsonRow(lines.lineNumber(), null, text, "malformed JSON: " + e.getOriginalMessage());
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        // the caller owns the stream
    }

    private record JsonRow(long line, JsonNode node, String text, String problem) implements Row {
        @Override
        public String content() {
            return text;
        }

        @Override
        public Double number(String column) {
            JsonNode value = find(column);
            return value != null && value.isNumber() ? value.doubleValue() : null;
        }

        @Override
        public String value(String column) {
            JsonNode value = find(column);
            if (value == null || value.isNull() || value.isContainerNode()) {
                return null;
            }
            String text = value.asText().trim();
            return text.isEmpty() ? null : text;
        }

        private JsonNode find(String column) {
            JsonNode value = node;
            int start = 0;
            while (value != null && start <= column.length()) {
                int dot = column.indexOf('.', start);
                String part = dot < 0 ? column.substring(start) : column.substring(start, dot);
                value = value.get(part);
                if (dot < 0) {
                    break;
                }
                start = dot + 1;
            }
            return value;
        }
    }
}
