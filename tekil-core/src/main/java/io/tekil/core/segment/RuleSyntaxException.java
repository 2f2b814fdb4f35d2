package io.tekil.core.segment;

/**
 * A rule that does not parse or does not type-check: where (line and column, from 1), what was found, and what
 * was expected or how to fix it. The parser raises nothing else for any input.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
    private final int line;
    private final int column;

    public RuleSyntaxException(int line, int column, String message) {
        super(String.format("line %d, column %d: %s", line, column, message));
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
