package io.tekil.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tekil.core.error.TekilException;
import io.tekil.importer.ImportFormat;
import io.tekil.importer.ImportProgress;
import io.tekil.importer.ImportResult;
import io.tekil.importer.Mapping;
import io.tekil.importer.Mappings;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.admin.SourceRegistry;
import io.tekil.server.imports.ImportJob;
import io.tekil.server.imports.ImportJobs;
import io.tekil.server.imports.ImportPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Bulk import over HTTP, guarded by the admin token:
 * <ul>
 *   <li>{@code POST /api/imports?source=&mapping=&format=&channel=&file=} with the file as the body (plain or
 *       gzip): 202 with the job; {@code GET /api/imports}, {@code GET /api/imports/{id}} for progress and result,
 *       {@code GET /api/imports/{id}/rejects} for the rejected rows as CSV</li>
 *   <li>{@code GET /api/mappings}, {@code GET /api/mappings/{name}} (YAML), {@code PUT /api/mappings/{name}} to save one</li>
 * </ul>
 */
final class ImportHandler extends JsonHandler {
    private static final int MAX_MAPPING_BYTES = 256 * 1024;

    private final AdminTokens tokens;
    private final SourceRegistry sources;
    private final ImportJobs jobs;

    ImportHandler(ObjectMapper mapper, AdminTokens tokens, SourceRegistry sources, ImportJobs jobs) {
        super(mapper);
        this.tokens = tokens;
        this.sources = sources;
        this.jobs = jobs;
    }

    @Override
    protected void serve(HttpExchange exchange) throws IOException {
        AdminHandler.requireAdmin(exchange, tokens);
        String path = exchange.getRequestURI().getPath().replaceAll("/+$", "");
        String method = exchange.getRequestMethod();
        if (path.equals("/api/imports")) {
            switch (method) {
                case "POST" -> startImport(exchange);
                case "GET" -> Exchanges.sendJson(exchange, HttpStatus.OK,
                        Map.of("imports", jobs.list().stream().map(ImportHandler::json).toList()), mapper);
                default -> Exchanges.methodNotAllowed(exchange, mapper, "GET", "POST");
            }
        } else if (path.startsWith("/api/imports/")) {
            if (!method.equals("GET")) {
                Exchanges.methodNotAllowed(exchange, mapper, "GET");
                return;
            }
            String rest = path.substring("/api/imports/".length());
            boolean rejects = rest.endsWith("/rejects");
            String id = rejects ? rest.substring(0, rest.length() - "/rejects".length()) : rest;
            ImportJob job = jobs.find(id).orElseThrow(() -> TekilException.notFound(
                    "no import '%s'; list them with GET /api/imports (jobs are kept until the server restarts)", id));
            if (!rejects) {
                Exchanges.sendJson(exchange, HttpStatus.OK, json(job), mapper);
            } else if (job.finishedAt() == null) {
                throw TekilException.conflict("import %s is still %s; its reject file is complete once it finishes (the first %d rejects "
                        + "are in GET /api/imports/%s meanwhile)", id, job.status().id(), 100, id);
            } else if (Files.exists(job.rejectFile())) {
                Exchanges.sendFile(exchange, job.rejectFile(), "text/csv; charset=utf-8");
            } else {
                Exchanges.sendText(exchange, "line,reason,record\n", "text/csv; charset=utf-8");
            }
        } else if (path.equals("/api/mappings")) {
            if (method.equals("GET")) {
                Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("builtIn", Mappings.BUILT_IN, "saved", jobs.savedMappings()), mapper);
            } else {
                Exchanges.methodNotAllowed(exchange, mapper, "GET");
            }
        } else if (path.startsWith("/api/mappings/")) {
            String name = path.substring("/api/mappings/".length());
            switch (method) {
                case "GET" -> Exchanges.sendText(exchange, mappingText(name), "application/yaml; charset=utf-8");
                case "PUT" -> {
                    Exchanges.Body body = Exchanges.readBody(exchange, MAX_MAPPING_BYTES, "256 KB for a mapping");
                    Mapping mapping = jobs.saveMapping(name, new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8));
                    Exchanges.sendJson(exchange, HttpStatus.OK, Map.of("name", name, "format", mapping.format().id()), mapper);
                }
                default -> Exchanges.methodNotAllowed(exchange, mapper, "GET", "PUT");
            }
        } else {
            throw TekilException.notFound("no admin endpoint %s; see docs/api.md", path);
        }
    }

    private void startImport(HttpExchange exchange) throws IOException {
        Map<String, String> query = Exchanges.query(exchange);
        ImportFormat format = null;
        if (query.get("format") != null && !query.get("format").isEmpty()) {
            try {
                format = ImportFormat.parse(query.get("format"));
            } catch (IllegalArgumentException e) {
                throw TekilException.userError("%s", e.getMessage());
            }
        }
        String mappingName = query.get("mapping");
        Mapping mapping = mappingName == null || mappingName.isEmpty() ? null : jobs.mapping(mappingName);
        String fileName = query.getOrDefault("file", "upload");
        ImportPlan plan = ImportPlan.resolve(sources, query.get("source"), query.get("channel"), format, mapping, fileName);
        ImportJob job;
        try (InputStream body = Exchanges.bodyStream(exchange)) {
            job = jobs.start(plan, fileName, body);
        } catch (ZipException | java.io.EOFException e) {
            throw TekilException.userError("the gzip body is corrupt or truncated (%s); send complete gzip data", e.getMessage());
        }
        exchange.getResponseHeaders().set("Location", "/api/imports/" + job.id());
        Exchanges.sendJson(exchange, HttpStatus.ACCEPTED, json(job), mapper);
    }

    private String mappingText(String name) {
        if (Mappings.BUILT_IN.contains(name)) {
            return Mappings.text(name);
        }
        jobs.mapping(name); // not found otherwise
        return jobs.savedMappingText(name);
    }

    static Map<String, Object> json(ImportJob job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("url", "/api/imports/" + job.id());
        json.put("status", job.status().id());
        json.put("source", job.plan().source().name());
        json.put("sourceCreated", job.plan().sourceCreated());
        json.put("mapping", job.plan().mapping().name());
        json.put("file", job.fileName());
        json.put("createdAt", job.createdAt().toString());
        json.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        ImportProgress.Snapshot progress = job.progress().snapshot();
        Map<String, Object> live = new LinkedHashMap<>();
        live.put("bytesRead", progress.bytesRead());
        live.put("totalBytes", progress.totalBytes());
        live.put("fraction", progress.fraction());
        live.put("rowsRead", progress.rowsRead());
        live.put("messages", progress.messages());
        live.put("imported", progress.imported());
        live.put("duplicates", progress.duplicates());
        live.put("rejected", progress.rejected());
        live.put("rowsPerSecond", Math.round(progress.rowsPerSecond()));
        live.put("etaSeconds", Math.round(progress.etaSeconds()));
        json.put("progress", live);
        ImportResult result = job.result();
        if (result != null) {
            Map<String, Object> done = new LinkedHashMap<>();
            done.put("rowsRead", result.rowsRead());
            done.put("messages", result.messages());
            done.put("imported", result.imported());
            done.put("duplicates", result.duplicates());
            done.put("rejected", result.rejected());
            done.put("seconds", result.elapsed().toMillis() / 1000.0);
            done.put("summary", result.summary());
            json.put("result", done);
        }
        json.put("error", job.error());
        json.put("rejects", job.firstRejects().stream().map(reject -> Map.of("line", reject.line(), "reason", reject.reason(),
                "record", reject.text())).toList());
        json.put("rejectsUrl", progress.rejected() > 0 ? "/api/imports/" + job.id() + "/rejects" : null);
        return json;
    }
}
