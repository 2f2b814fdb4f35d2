package io.tekil.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tekil segment ...}: segments on a running server, through its admin API (docs/api.md, docs/segments.md). */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Create, upload, list, show, preview and explain segments, and show their history, on a running Tekil server "
                + "(segments live in the server).",
        subcommands = {SegmentCommand.Create.class, SegmentCommand.Upload.class, SegmentCommand.ListSegments.class, SegmentCommand.Show.class,
                SegmentCommand.History.class, SegmentCommand.Preview.class, SegmentCommand.Explain.class})
final class SegmentCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Where the server is and how to prove to be its admin. */
    static final class ServerOptions {
        @Option(names = "--url", defaultValue = "http://localhost:8080", paramLabel = "URL", description = "The server (default: ${DEFAULT-VALUE}).")
        String url;

        @Option(names = "--token", paramLabel = "TOKEN", description = "The admin token (default: $TEKIL_ADMIN_TOKEN).")
        String token;

        JsonNode call(String method, String path, JsonNode body) {
            return call(method, path, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()),
                    "application/json");
        }

        JsonNode call(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
            String admin = token != null ? token : System.getenv("TEKIL_ADMIN_TOKEN");
            if (admin == null || admin.isBlank()) {
                throw TekilException.userError("give the admin token with --token or TEKIL_ADMIN_TOKEN (tekil serve prints it at start)");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", contentType)
                    .method(method, body);
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                JsonNode json = MAPPER.readTree(response.body().isEmpty() ? "{}" : response.body());
                if (response.statusCode() >= 400) {
                    String message = json.path("error").asText(response.body());
                    throw new TekilException(switch (response.statusCode()) {
                        case 401, 403 -> ErrorCategory.UNAUTHORIZED;
                        case 404 -> ErrorCategory.NOT_FOUND;
                        case 409 -> ErrorCategory.CONFLICT;
                        case 503 -> ErrorCategory.UNAVAILABLE;
                        default -> ErrorCategory.USER_ERROR;
                    }, message);
                }
                return json;
            } catch (IOException e) {
                throw TekilException.unavailable(String.format("cannot reach the server at %s (%s); is it running? (tekil serve)", url, e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TekilException.unavailable("interrupted", e);
            }
        }
    }

    /** A subcommand: one call to the server, its answer printed. */
    abstract static class ServerCall implements Runnable {
        @picocli.CommandLine.Mixin
        ServerOptions server = new ServerOptions();

        @Spec
        CommandSpec spec;

        abstract JsonNode call();

        @Override
        public void run() {
            print(call());
        }

        void print(JsonNode json) {
            PrintWriter out = spec.commandLine().getOut();
            try {
                out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.flush();
        }
    }

    private static ObjectNode body(String rule) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("rule", rule);
        return body;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Save a dynamic segment, kept current from then on, or with --static a snapshot of the profiles the rule selects now.")
    static final class Create extends ServerCall {
        @Parameters(index = "0", paramLabel = "NAME", description = "Its name; the id is made from it (Sepeti Terk Edenler: sepeti-terk-edenler).")
        String name;

        @Parameters(index = "1", paramLabel = "RULE", description = "The rule in the segment language (docs/segments.md), in quotes.")
        String rule;

        @Option(names = "--static", description = "Freeze the members the rule selects now instead of keeping them current.")
        boolean frozen;

        @Override
        JsonNode call() {
            return server.call("POST", "/api/segments", body(rule).put("name", name).put("kind", frozen ? "static" : "dynamic"));
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "Save a static segment from a CSV list of people whose header names identifier types (email, phone, crm_id, ...).")
    static final class Upload extends ServerCall {
        @Parameters(index = "0", paramLabel = "NAME", description = "Its name; the id is made from it.")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", description = "The CSV file (UTF-8; comma, semicolon or tab between fields).")
        java.nio.file.Path file;

        @Option(names = "--column", paramLabel = "COLUMN=TYPE",
                description = "Read a column as an identifier type, for headers that do not name one (--column customer_no=crm_id); repeatable.")
        java.util.Map<String, String> columns = new java.util.LinkedHashMap<>();

        @Override
        JsonNode call() {
            StringBuilder path = new StringBuilder("/api/segments?name=").append(encode(name));
            columns.forEach((column, type) -> path.append("&column.").append(encode(column)).append('=').append(encode(type)));
            try {
                return server.call("POST", path.toString(), HttpRequest.BodyPublishers.ofFile(file), "text/csv");
            } catch (java.io.FileNotFoundException e) {
                throw TekilException.userError("no file %s", file);
            }
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "A segment's size over time: enters, exits and size per day.")
    static final class History extends ServerCall {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        JsonNode call() {
            return server.call("GET", "/api/segments/" + encode(id) + "/history", null);
        }

        @Override
        void print(JsonNode json) {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-10s %10s %10s %10s   (days in %s)%n", "day", "enters", "exits", "size", json.path("timeZone").asText());
            for (JsonNode day : json.path("days")) {
                out.printf("%-10s %,10d %,10d %,10d%n", day.path("day").asText(), day.path("enters").asLong(), day.path("exits").asLong(), day.path("size").asLong());
            }
            out.flush();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the segments with their sizes.")
    static final class ListSegments extends ServerCall {
        @Override
        JsonNode call() {
            return server.call("GET", "/api/segments", null);
        }

        @Override
        void print(JsonNode json) {
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode segment : json.path("segments")) {
                out.printf("%-30s %-7s %,10d  %s%n", segment.path("id").asText(), segment.path("kind").asText(), segment.path("size").asInt(),
                        segment.path("rule").isTextual() ? segment.path("rule").asText() : segment.path("origin").asText());
            }
            out.flush();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a segment: its rule, size and last change.")
    static final class Show extends ServerCall {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        JsonNode call() {
            return server.call("GET", "/api/segments/" + encode(id), null);
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true, description = "How many profiles a rule selects now, and a sample, without saving it.")
    static final class Preview extends ServerCall {
        @Parameters(index = "0", paramLabel = "RULE")
        String rule;

        @Option(names = "--sample", defaultValue = "10", paramLabel = "N", description = "Profile ids to show (default: ${DEFAULT-VALUE}).")
        int sample;

        @Override
        JsonNode call() {
            return server.call("POST", "/api/segments/preview", body(rule).put("sample", sample));
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true, description = "Why a profile is in or out of a saved segment.")
    static final class Explain extends ServerCall {
        @Parameters(index = "0", paramLabel = "SEGMENT")
        String segment;

        @Parameters(index = "1", paramLabel = "PROFILE")
        String profile;

        @Override
        JsonNode call() {
            return server.call("GET", "/api/segments/" + encode(segment) + "/explain/" + encode(profile), null);
        }
    }
}
