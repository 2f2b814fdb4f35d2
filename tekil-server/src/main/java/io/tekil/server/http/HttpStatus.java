package io.tekil.server.http;

import io.tekil.core.error.ErrorCategory;

/** The one place where failure categories become HTTP statuses. */
final class HttpStatus {
    static final int OK = 200;
    static final int CREATED = 201;
    static final int ACCEPTED = 202;
    static final int NO_CONTENT = 204;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int INTERNAL_ERROR = 500;

    private HttpStatus() {}

    static int of(ErrorCategory category) {
        return switch (category) {
            case USER_ERROR -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }
}
