package io.tekil.importer;

/** A row that cannot become (part of) a message; the message says which column and why. */
final class RowException extends RuntimeException {
    RowException(String reason) {
        super(reason, null, false, false);
    }

    static RowException of(String format, Object... args) {
        return new RowException(String.format(format, args));
    }
}
