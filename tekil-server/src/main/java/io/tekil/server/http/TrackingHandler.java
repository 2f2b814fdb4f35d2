package io.tekil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.MessageType;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.ingest.Rejection;
import io.tekil.server.ingest.IngestService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Segment HTTP Tracking API: {@code POST /v1/batch}, {@code /v1/import} and the single calls
 * {@code /v1/track}, {@code /identify}, {@code /page}, {@code /screen}, {@code /group}, {@code /alias}, each
 * with or without a trailing slash. Browsers may call it cross-origin.
 *
 * <p>Answers 200 when at least one message was stored or recognised as already stored, listing any rejected
 * ones; 400 when every message was rejected or the body is bad; 401 for a missing or unknown write key; 503
 * when storage cannot take the request now.
 */
final class TrackingHandler extends JsonHandler {
    private final IngestService ingest;
    private final IngestLimits limits;

    TrackingHandler(ObjectMapper mapper, IngestService ingest, IngestLimits limits) {
        super(mapper);
        this.ingest = ingest;
        this.limits = limits;
    }

    @Override
    protected void serve(HttpExchange exchange) throws IOException {
        allowCrossOrigin(exchange);
        String path = exchange.getRequestURI().getPath();
        String endpoint = path.substring("/v1/".length()).replaceAll("/+$", "");
        boolean batch = endpoint.equals("batch") || endpoint.equals("import");
        Optional<MessageType> single = batch ? Optional.empty() : MessageType.fromId(endpoint)
                .filter(type -> endpoint.equals(type.id()));
        if (!batch && single.isEmpty()) {
            throw TekilException.notFound("no tracking endpoint %s; use /v1/batch, /v1/import or /v1/{%s}", path, MessageType.allIds());
        }
        if (exchange.getRequestMethod().equals("OPTIONS")) {
            exchange.sendResponseHeaders(HttpStatus.NO_CONTENT, -1);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            Exchanges.methodNotAllowed(exchange, mapper, "POST");
            return;
        }
        int limit = batch ? limits.maxBatchBytes() : limits.maxEventBytes();
        Exchanges.Body body = Exchanges.readBody(exchange, limit, batch ? "ingest.max-batch-bytes" : "ingest.max-event-bytes");
        if (body.length() == 0) {
            throw TekilException.userError("the request body is empty; send a JSON %s", batch ? "batch {\"batch\":[...]}" : "message");
        }
        IngestService.Result result = ingest.ingest(body.bytes(), body.length(), single.orElse(null), Exchanges.basicUser(exchange));

        boolean nothingAccepted = result.stored() + result.duplicates() == 0 && !result.rejected().isEmpty();
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("success", !nothingAccepted);
        if (nothingAccepted) {
            response.put("error", result.rejected().size() == 1
                    ? "the message was rejected: " + result.rejected().getFirst().reason()
                    : "every message was rejected; see 'rejected'");
        }
        response.put("stored", result.stored());
        response.put("duplicates", result.duplicates());
        response.put("rejected", rejections(result.rejected()));
        Exchanges.sendJson(exchange, nothingAccepted ? 400 : HttpStatus.OK, response, mapper);
    }

    private static List<Map<String, Object>> rejections(List<Rejection> rejected) {
        return rejected.stream().map(r -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", r.index());
            if (r.messageId() != null) {
                entry.put("messageId", r.messageId());
            }
            entry.put("reason", r.reason());
            return entry;
        }).toList();
    }

    private static void allowCrossOrigin(HttpExchange exchange) {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Access-Control-Allow-Origin", "*");
        headers.set("Access-Control-Allow-Methods", "POST, OPTIONS");
        headers.set("Access-Control-Allow-Headers", "Content-Type, Content-Encoding, Authorization");
        headers.set("Access-Control-Max-Age", "86400");
    }
}
