package io.tekil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tekil.core.error.TekilException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of Tekil's handlers: every failure becomes a JSON error with the status of its category, and nothing
 * a client sends can escape as an unhandled exception.
 */
abstract class JsonHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHandler.class);

    protected final ObjectMapper mapper;

    JsonHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    protected abstract void serve(HttpExchange exchange) throws IOException;

    @Override
    public final void handle(HttpExchange exchange) {
        try (exchange) {
            try {
                serve(exchange);
            } catch (TekilException e) {
                Exchanges.sendError(exchange, HttpStatus.of(e.category()), e.getMessage(), mapper);
            } catch (RuntimeException e) {
                LOG.error("unexpected failure serving {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                Exchanges.sendError(exchange, HttpStatus.INTERNAL_ERROR,
                        "internal error; the request may be retried. Details are in the server log", mapper);
            }
        } catch (IOException e) {
            LOG.debug("client went away during {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
        }
    }
}
