package io.tekil.core.error;

/** What kind of failure a {@link TekilException} is; each maps to one HTTP status and CLI exit code. */
public enum ErrorCategory {
    /** The caller sent something wrong; the message says what and how to fix it. */
    USER_ERROR,
    /** Missing or wrong credentials. */
    UNAUTHORIZED,
    NOT_FOUND,
    /** The request clashes with existing state, such as a duplicate name. */
    CONFLICT,
    /** Tekil cannot take the request now (storage down, queue full); retrying later may succeed. */
    UNAVAILABLE
}
