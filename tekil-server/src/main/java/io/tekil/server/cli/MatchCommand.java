package io.tekil.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.Source;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.Provenance;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.identity.match.Matcher;
import io.tekil.core.identity.match.ProfileMatching;
import io.tekil.core.profile.ProfileTraits;
import io.tekil.core.profile.Trait;
import io.tekil.importer.EventSink;
import io.tekil.importer.ImportProgress;
import io.tekil.importer.ImportResult;
import io.tekil.importer.Importer;
import io.tekil.importer.Mapping;
import io.tekil.importer.RejectFile;
import io.tekil.server.Json;
import io.tekil.server.TekilServer;
import io.tekil.server.config.TekilConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Resolve a file of person records into profiles, offline: deterministic links on shared identifiers (the",
                "identity rules, limits and trait priority of the configuration, as on the server), then probabilistic matching",
                "(Fellegi-Sunter) with the matching model: by default name, birth date, city, address, postcode and phone, with",
                "typical m-probabilities and u and the prior estimated from the file; --model gives another (docs/matching.md).",
                "Writes record_id,profile_id for every record, so the result can be scored against any labelled dataset;",
                "--explain writes every automatic and suggested link with its field-by-field weights. Needs no server and no",
                "data directory."})
final class MatchCommand implements Callable<Integer> {
    private static final IdentifierType RECORD = IdentifierType.of("record");

    @Parameters(index = "0", paramLabel = "RECORDS", description = "The records: CSV or NDJSON, read through --mapping.")
    Path file;

    @Option(names = "--mapping", required = true, paramLabel = "NAME|FILE",
            description = "A built-in mapping (such as crm-contacts) or a YAML mapping file (docs/import.md); its traits give the compared fields.")
    String mapping;

    @Option(names = "--id", paramLabel = "NAME", description = "The identifier type or trait of the mapping that names each record, "
            + "such as crm_id (default: the record's message id).")
    String id;

    @Option(names = "--out", required = true, paramLabel = "CLUSTERS.csv", description = "Where record_id,profile_id goes.")
    Path out;

    @Option(names = "--explain", paramLabel = "LINKS.csv", description = "Also write every automatic link and every pair to review, with its explanation.")
    Path explain;

    @Option(names = "--model", paramLabel = "MODEL.yaml", description = "The matching model: compared fields, blocking rules, weights, thresholds "
            + "(default: matching.model of the configuration, else the built-in model; see docs/matching.md).")
    Path model;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of the server's settings to use: identity.*, "
            + "profile.trait-priority, matching.* (default: the defaults, with the environment's TEKIL_ variables).")
    Path configFile;

    @Option(names = "--link", paramLabel = "P", description = "Match probability from which a pair links (default: matching.link-threshold, "
            + "else the model's; the built-in model's is 0.99999).")
    Double link;

    @Option(names = "--review", paramLabel = "P", description = "Probability from which a pair below --link is suggested for review "
            + "(default: matching.review-threshold, else the model's; the built-in model's is 0.9).")
    Double review;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the random pairs the model's u is estimated with (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    FileFormatOptions fileFormat = new FileFormatOptions();

    @Spec
    CommandSpec spec;

    /** The identity graph of the last run; null before one. */
    private IdentityGraph graph;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw TekilException.userError("no file %s", file);
        }
        TekilConfig config = TekilConfig.load(configFile, System.getenv(), flags());
        Matcher matcher = config.matcher();
        Mapping chosen = fileFormat.applyTo(ImportCommand.loadMapping(mapping));
        PrintWriter printer = spec.commandLine().getOut();
        ObjectMapper json = Json.newMapper();
        Resolution resolution = new Resolution(json, id, config);
        Path rejects = out.resolveSibling(out.getFileName() + ".rejects.csv");
        Files.deleteIfExists(rejects);
        ImportResult read;
        Source source = new Source("match", chosen.channel() != null ? Channel.parse(chosen.channel()) : Channel.CRM, "none", Instant.EPOCH);
        try (InputStream in = Files.newInputStream(file); RejectFile rejectFile = new RejectFile(rejects)) {
            read = new Importer(json, config.ingestLimits(), TekilServer.validator(config, json), resolution, Clock.systemUTC())
                    .run(source, chosen, file.getFileName().toString(), in, new ImportProgress(Files.size(file)), rejectFile);
        }
        graph = resolution.graph;
        int deterministic = resolution.graph.profileCount();
        ProfileMatching.Outcome outcome = ProfileMatching.run(resolution.graph, resolution.traits, matcher, seed, Instant.now());
        writeClusters(resolution);
        if (explain != null) {
            writeExplanations(resolution, outcome);
        }
        printer.printf(Locale.ROOT, "%,d records (%,d rejected%s): %,d profiles from shared identifiers; probabilistic matching compared "
                        + "%,d pairs, linked %,d (%,d merges), suggested %,d for review; %,d profiles. Wrote %s%n",
                resolution.records.size(), read.rejected(), read.rejected() > 0 ? ", see " + rejects : "", deterministic,
                outcome.result().candidatePairs(), outcome.links().size(), outcome.merged(), outcome.reviews().size(),
                resolution.graph.profileCount(), out);
        printer.flush();
        return 0;
    }

    /** The identity graph the last run resolved the records in (deterministic and probabilistic links); null before a run. */
    IdentityGraph graph() {
        return graph;
    }

    /** The options that stand for configuration keys, as the command line's layer of the configuration. */
    private Map<String, String> flags() {
        Map<String, String> flags = new HashMap<>();
        if (model != null) {
            flags.put(TekilConfig.MATCH_MODEL.name(), model.toString());
        }
        if (link != null) {
            flags.put(TekilConfig.MATCH_LINK.name(), link.toString());
        }
        if (review != null) {
            flags.put(TekilConfig.MATCH_REVIEW.name(), review.toString());
        }
        return flags;
    }

    private void writeClusters(Resolution resolution) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            writer.write("record_id,profile_id\n");
            for (String record : resolution.records.keySet()) {
                writer.write(csv(record) + "," + resolution.graph.profileOf(Identifier.of(RECORD, record)).orElseThrow() + "\n");
            }
        }
    }

    private void writeExplanations(Resolution resolution, ProfileMatching.Outcome outcome) throws IOException {
        Map<String, String> recordOfProfile = new LinkedHashMap<>();
        resolution.records.forEach((record, profile) -> recordOfProfile.putIfAbsent(profile, record));
        try (BufferedWriter writer = Files.newBufferedWriter(explain, StandardCharsets.UTF_8)) {
            writer.write("decision,record_a,record_b,probability,score,explanation\n");
            List<Object[]> rows = new ArrayList<>();
            outcome.links().forEach(suggestion -> rows.add(new Object[] {"link", suggestion}));
            outcome.reviews().forEach(suggestion -> rows.add(new Object[] {"review", suggestion}));
            for (Object[] row : rows) {
                ProfileMatching.Suggestion suggestion = (ProfileMatching.Suggestion) row[1];
                writer.write(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%.2f,%s%n", row[0], csv(recordOfProfile.get(suggestion.profileA())),
                        csv(recordOfProfile.get(suggestion.profileB())), suggestion.explanation().probability(), suggestion.explanation().weight(),
                        csv(suggestion.explanation().describe())));
            }
        }
    }

    private static String csv(String value) {
        return value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 ? value : '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Runs deterministic resolution on each record as the importer reads it, keeping its traits and the profile it started in. */
    private static final class Resolution implements EventSink {
        final IdentityGraph graph;
        final ProfileTraits traits;
        /** Record id to the profile it was first resolved into, in file order. */
        final Map<String, String> records = new LinkedHashMap<>();
        private final ObjectMapper json;
        private final String idName;

        Resolution(ObjectMapper json, String idName, TekilConfig config) {
            this.json = json;
            this.idName = idName;
            this.graph = new IdentityGraph(config.identityRules());
            this.traits = new ProfileTraits(config.get(TekilConfig.TRAIT_PRIORITY));
        }

        @Override
        public CompletableFuture<Stored> submit(List<IdentifiedEvent> events) {
            for (IdentifiedEvent identified : events) {
                Event event = identified.event();
                String record = recordId(event);
                List<Identifier> identifiers = new ArrayList<>(identified.identifiers());
                identifiers.add(Identifier.of(RECORD, record));
                IdentityGraph.Observation observation = graph.observe(identifiers, Provenance.event(event.source(), event.messageId(), event.receivedAt()));
                for (Trait trait : identified.traits()) {
                    traits.offer(observation.primary(), trait);
                }
                records.putIfAbsent(record, observation.profileId());
            }
            return CompletableFuture.completedFuture(new Stored(events.size(), 0));
        }

        private String recordId(Event event) {
            if (idName == null) {
                return event.messageId();
            }
            JsonNode message;
            try {
                message = json.readTree(event.json().utf8());
            } catch (IOException e) {
                throw new IllegalStateException("the importer built invalid JSON", e);
            }
            for (JsonNode external : message.path("context").path("externalIds")) {
                if (idName.equals(external.path("type").asText()) && external.path("id").isValueNode()) {
                    return external.path("id").asText();
                }
            }
            JsonNode trait = message.path("traits").path(idName);
            if (trait.isValueNode() && !trait.asText().isBlank()) {
                return trait.asText();
            }
            throw TekilException.userError("record %s has no identifier or trait '%s' to name it by; pass an --id the mapping fills for every record",
                    event.messageId(), idName);
        }
    }
}
