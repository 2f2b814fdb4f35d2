package io.tekil.importer;

/** One record of a file: a CSV row or an NDJSON line. */
interface Row {
    /** The line the record starts on, 1-based, counting the header. */
    long line();

    /** The value of a column (CSV) or dotted path (NDJSON), trimmed; null when absent or empty. */
    String value(String column);

    /**
     * The value of a column when the file holds it as a number (a JSON number), so no decimal separator applies;
     * null otherwise.
     */
    default Double number(String column) {
        return null;
    }

    /**
     * The record's content for a derived message id: equal exactly when the fields are equal, whatever quoting or
     * delimiters they contained.
     */
    String content();

    /** The record as text, for the reject file. */
    String text();

    /** Why the record itself is unreadable (wrong field count, malformed JSON), or null. */
    String problem();
}
