package io.tekil.bench;

import java.io.IOException;
import java.net.URI;

/** A way of posting batch bodies to a Tekil server over HTTP/1.1 keep-alive connections. */
interface LoadClient extends AutoCloseable {
    /** Opens one persistent connection; each load thread has its own. */
    Connection connect() throws IOException;

    @Override
    void close();

    /** One HTTP/1.1 connection, used by one thread at a time. */
    interface Connection extends AutoCloseable {
        /**
         * POSTs {@code body} to {@code /v1/batch} and waits for the whole response.
         *
         * @return the events the server acknowledged as stored (new or already stored)
         * @throws RejectedRequest when the server answers anything but 200
         */
        int post(byte[] body) throws IOException, InterruptedException;

        /** As {@link #post(byte[])}, for body {@code index} of {@code bodies}; by default a stamped copy of it. */
        default int post(StampedBodies bodies, int index) throws IOException, InterruptedException {
            return post(bodies.get(index));
        }

        @Override
        void close() throws IOException;
    }

    /** A non-200 answer. */
    final class RejectedRequest extends IOException {
        private final int status;

        RejectedRequest(int status, String body) {
            super(String.format("the server answered %d: %s", status, body.length() > 300 ? body.substring(0, 300) + "..." : body));
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** Creates the client named by {@code --client}. */
    static LoadClient create(String kind, URI base, String writeKey) {
        return switch (kind) {
            case "socket" -> new SocketLoadClient(base, writeKey);
            case "jdk" -> new JdkLoadClient(base, writeKey);
            default -> throw new IllegalArgumentException(String.format("unknown client '%s'; use socket or jdk", kind));
        };
    }

    /** The acknowledged events of a 200 response body {@code {"success":true,"stored":N,"duplicates":M,...}}. */
    static int acknowledged(String body) {
        return intField(body, "\"stored\":") + intField(body, "\"duplicates\":");
    }

    private static int intField(String body, String prefix) {
        int at = body.indexOf(prefix);
        if (at < 0) {
            throw new IllegalStateException("the response has no " + prefix + " field: " + body);
        }
        int start = at + prefix.length();
        int end = start;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Integer.parseInt(body, start, end, 10);
    }
}
