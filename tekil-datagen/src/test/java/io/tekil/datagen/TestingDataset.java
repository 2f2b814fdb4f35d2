package io.tekil.datagen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A generated data set read back for tests: every file's lines, CSV rows split by an independent little
 * RFC 4180 parser, and NDJSON lines parsed by Jackson.
 */
final class TestingDataset {
    /** Large enough that every deliberate noise kind occurs (the forced cases repeat every 500 people). */
    static final GeneratorConfig CONFIG = new GeneratorConfig(2_000, 120, 7, LocalDate.of(2025, 12, 31));
    static final List<String> DATA_FILES = List.of("web.ndjson", "mobile.ndjson", "pos-transactions.csv",
            "call-center.csv", "crm-contacts.csv", "email-engagement.csv");
    static final List<String> ALL_FILES = List.of("web.ndjson", "mobile.ndjson", "pos-transactions.csv",
            "call-center.csv", "crm-contacts.csv", "email-engagement.csv", "truth/people.csv",
            "truth/identifiers.csv", "truth/records.csv", "truth/noise.csv");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path directory;
    final GenerationSummary summary;

    private TestingDataset(Path directory, GenerationSummary summary) {
        this.directory = directory;
        this.summary = summary;
    }

    static TestingDataset generate(Path directory) throws IOException {
        return new TestingDataset(directory, new DataGenerator(CONFIG).generate(directory));
    }

    byte[] bytes(String file) {
        try {
            return Files.readAllBytes(directory.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's lines, without a BOM. */
    List<String> lines(String file) {
        String text = new String(bytes(file), StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.lines().toList();
    }

    /** The rows after the header, split into fields. */
    List<List<String>> rows(String file) {
        char delimiter = file.equals("pos-transactions.csv") ? ';' : ',';
        List<String> lines = lines(file);
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(parseCsvLine(line, delimiter));
        }
        return rows;
    }

    List<JsonNode> json(String file) {
        List<JsonNode> messages = new ArrayList<>();
        for (String line : lines(file)) {
            try {
                messages.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError(file + ": not JSON: " + line, e);
            }
        }
        return messages;
    }

    /** Splits one CSV line: fields may be quoted, with quotes doubled inside. */
    static List<String> parseCsvLine(String line, char delimiter) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else {
                if (wasQuoted) {
                    throw new AssertionError("text after a closing quote in: " + line);
                }
                field.append(c);
            }
        }
        if (quoted) {
            throw new AssertionError("unterminated quote in: " + line);
        }
        fields.add(field.toString());
        return fields;
    }
}
