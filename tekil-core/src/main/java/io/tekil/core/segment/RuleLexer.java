package io.tekil.core.segment;

import java.util.ArrayList;
import java.util.List;

/** Splits a rule's text into tokens, each with its line and column. */
final class RuleLexer {

    enum Kind {
        WORD, // a keyword or a name: letters, digits, '_' and '.'
        QUOTED_NAME, // `a name with spaces`
        STRING, // "text" or 'text'
        NUMBER,
        DATE, // 2025-01-31
        SYMBOL, // ( ) , @ = != < <= > >=
        END
    }

    record Token(Kind kind, String text, int line, int column) {
        boolean isWord(String word) {
            return kind == Kind.WORD && text.toLowerCase(java.util.Locale.ROOT).equals(word); // not equalsIgnoreCase: 'ıs' is no 'is'
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }

        String describe() {
            return switch (kind) {
                case END -> "the end of the rule";
                case STRING -> "the text \"" + text + "\"";
                case QUOTED_NAME -> "the name `" + text + "`";
                case WORD, NUMBER, DATE, SYMBOL -> "'" + text + "'";
            };
        }
    }

    private final String text;
    private int position;
    private int line = 1;
    private int lineStart;

    private RuleLexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        return new RuleLexer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (position >= text.length()) {
                tokens.add(new Token(Kind.END, "", line, column()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private int column() {
        return position - lineStart + 1;
    }

    private void skipSpaceAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '\n') {
                position++;
                line++;
                lineStart = position;
            } else if (Character.isWhitespace(c)) {
                position++;
            } else if (c == '#') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else {
                return;
            }
        }
    }

    private Token next() {
        int column = column();
        char c = text.charAt(position);
        if (c == '"' || c == '\'') {
            return new Token(Kind.STRING, quoted(c, column), line, column);
        }
        if (c == '`') {
            String name = quoted('`', column);
            if (name.isBlank()) {
                throw new RuleSyntaxException(line, column, "a quoted name is empty; write the trait or property name between the backquotes");
            }
            return new Token(Kind.QUOTED_NAME, name, line, column);
        }
        if (isDigit(c) || (c == '-' && position + 1 < text.length() && isDigit(text.charAt(position + 1)))) {
            return number(column);
        }
        if (isWordStart(c)) {
            int start = position;
            while (position < text.length() && isWordPart(text.charAt(position))) {
                position++;
            }
            return new Token(Kind.WORD, text.substring(start, position), line, column);
        }
        for (String symbol : new String[] {"!=", "<=", ">=", "<>", "(", ")", ",", "@", "=", "<", ">"}) {
            if (text.startsWith(symbol, position)) {
                position += symbol.length();
                return new Token(Kind.SYMBOL, symbol.equals("<>") ? "!=" : symbol, line, column);
            }
        }
        throw new RuleSyntaxException(line, column, String.format("unexpected character '%s'", new String(Character.toChars(text.codePointAt(position)))));
    }

    private String quoted(char quote, int column) {
        int startLine = line;
        StringBuilder value = new StringBuilder();
        position++;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == quote) {
                return value.toString();
            }
            if (c == '\\' && position < text.length()) {
                char escaped = text.charAt(position++);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> escaped;
                });
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = position;
                }
                value.append(c);
            }
        }
        throw new RuleSyntaxException(startLine, column, String.format("the text starting here has no closing %s", quote));
    }

    private Token number(int column) {
        int start = position;
        if (text.charAt(position) == '-') {
            position++;
        }
        digits();
        if (position - start == 4 && position < text.length() && text.charAt(position) == '-') {
            // a date: 2025-01-31
            int dateEnd = Math.min(text.length(), start + 10);
            String candidate = text.substring(start, dateEnd);
            if (candidate.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}") && (dateEnd == text.length() || !isWordPart(text.charAt(dateEnd)))) {
                position = dateEnd;
                return new Token(Kind.DATE, candidate, line, column);
            }
            throw new RuleSyntaxException(line, column, String.format("'%s' is not a date; write dates as YYYY-MM-DD", candidate));
        }
        if (position < text.length() && text.charAt(position) == '.' && position + 1 < text.length() && isDigit(text.charAt(position + 1))) {
            position++;
            digits();
        }
        if (position < text.length() && isWordStart(text.charAt(position))) {
            throw new RuleSyntaxException(line, column, String.format("'%s' is not a number; put a space after a number, or quote a name", text.substring(start, position + 1)));
        }
        return new Token(Kind.NUMBER, text.substring(start, position).replace("_", ""), line, column);
    }

    private void digits() {
        while (position < text.length() && (isDigit(text.charAt(position)) || text.charAt(position) == '_')) {
            position++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
