package io.tekil.importer;

/** One record of a file: a CSV row or an NDJSON line. */
interface Row {
    /** The line the record starts on, 1-based, counting the header. */
    long line();

    /** The value of a column (CSV) or dotted path (NDJSON), trimmed; null when absent or empty. */
    String value(String column);

    /** The record as text, for the reject file. */
    String text();

    /** Why the record itself is unreadable (wrong field count, malformed JSON), or null. */
    String problem();
}
