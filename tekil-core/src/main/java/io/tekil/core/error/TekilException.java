package io.tekil.core.error;

import static java.util.Objects.requireNonNull;

/** A failure whose message is written for the person who has to act on it. */
public class TekilException extends RuntimeException {
    private final ErrorCategory category;

    public TekilException(ErrorCategory category, String message) {
        super(message);
        this.category = requireNonNull(category, "category is null");
    }

    public TekilException(ErrorCategory category, String message, Throwable cause) {
        super(message, cause);
        this.category = requireNonNull(category, "category is null");
    }

    public ErrorCategory category() {
        return category;
    }

    public static TekilException userError(String format, Object... args) {
        return new TekilException(ErrorCategory.USER_ERROR, String.format(format, args));
    }

    public static TekilException notFound(String format, Object... args) {
        return new TekilException(ErrorCategory.NOT_FOUND, String.format(format, args));
    }

    public static TekilException conflict(String format, Object... args) {
        return new TekilException(ErrorCategory.CONFLICT, String.format(format, args));
    }

    public static TekilException unauthorized(String format, Object... args) {
        return new TekilException(ErrorCategory.UNAUTHORIZED, String.format(format, args));
    }

    public static TekilException unavailable(String message, Throwable cause) {
        return new TekilException(ErrorCategory.UNAVAILABLE, message, cause);
    }
}
