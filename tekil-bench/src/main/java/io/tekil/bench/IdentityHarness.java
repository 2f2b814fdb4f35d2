package io.tekil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.Source;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierExtractor;
import io.tekil.core.identity.IdentifierNormalizer;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.IdentityRules;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.Provenance;
import io.tekil.core.identity.match.MatchModel;
import io.tekil.core.identity.match.Matcher;
import io.tekil.core.identity.match.ProfileMatching;
import io.tekil.core.identity.match.Weights;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.profile.ProfileTraits;
import io.tekil.core.profile.Trait;
import io.tekil.core.profile.TraitExtractor;
import io.tekil.core.profile.TraitRules;
import io.tekil.datagen.DataGenerator;
import io.tekil.datagen.GenerationSummary;
import io.tekil.datagen.GeneratorConfig;
import io.tekil.importer.EventSink;
import io.tekil.importer.ImportProgress;
import io.tekil.importer.Importer;
import io.tekil.importer.Mapping;
import io.tekil.importer.Mappings;
import io.tekil.server.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Quality and speed of deterministic identity resolution on the generator's ground truth.
 *
 * <p>Generates a data set, imports every file with its built-in mapping (as {@code tekil demo} does) into a sink
 * that runs identity resolution on each event: {@link IdentifierExtractor} scanning the event's JSON bytes
 * (checked against the tree extractor on every record, untimed), then
 * {@link IdentityGraph#observe}. Each record ends in the final profile of its primary identifier; comparing
 * those profiles with the true people gives pairwise precision, recall and F1 (a pair of records is a true
 * positive when both are in one profile and belong to one person). Speed is timed around extraction (JSON parse
 * included) and around the graph alone. Run:
 * <pre>{@code
 * java -Xmx12g -cp tekil-bench/target/tekil-bench.jar io.tekil.bench.IdentityHarness --people 100000 [--days 365] [--seed 1]
 * }</pre>
 */
public final class IdentityHarness {
    private static final ObjectMapper JSON = Json.newMapper();

    record Input(String file, String channel, String mapping, String keyPath) {
        Mapping loadMapping() {
            return mapping == null ? Mapping.segmentNdjson(channel) : Mappings.builtIn(mapping);
        }
    }

    static final List<Input> INPUTS = List.of(
            new Input("crm-contacts.csv", "crm", "crm-contacts", "traits.crm_id"),
            new Input("web.ndjson", "web", null, "messageId"),
            new Input("mobile.ndjson", "mobile", null, "messageId"),
            new Input("pos-transactions.csv", "store", "pos-transactions", "properties.order_id"),
            new Input("call-center.csv", "call_center", "call-center", "properties.call_id"),
            new Input("email-engagement.csv", "email", "email-engagement", "properties.event_id"));

    private IdentityHarness() {}

    public static void main(String[] args) throws Exception {
        HarnessArgs options = HarnessArgs.parse(args, "usage: IdentityHarness [--people N] [--days D] [--seed S] [--estimate-m] [--link P]", "--estimate-m");
        int people = options.integer("--people", 100_000);
        int days = options.integer("--days", 365);
        long seed = options.longInteger("--seed", 1);
        boolean estimateM = options.flag("--estimate-m");
        double link = options.decimal("--link", Matcher.defaults().linkThreshold());
        options.done();
        Path dir = Files.createTempDirectory("tekil-identity-bench-");
        try {
            run(people, days, seed, estimateM, link, dir);
        } finally {
            LoadHarness.deleteRecursively(dir);
        }
    }

    private static void run(int people, int days, long seed, boolean estimateM, double linkThreshold, Path dir) throws IOException {
        GenerationSummary generated = new DataGenerator(new GeneratorConfig(people, days, seed, LocalDate.of(2026, 11, 22))).generate(dir);
        Map<String, String> truth = truth(dir.resolve("truth/records.csv"));
        System.err.printf("generated %,d records of %,d people%n", generated.totalRecords(), people);

        IdentityGraph graph = new IdentityGraph(IdentityRules.DEFAULTS);
        IdentifierExtractor extractor = new IdentifierExtractor(IdentifierNormalizer.defaults());
        ProfileTraits traits = new ProfileTraits(TraitRules.parse("birthday=crm,store"));
        TraitExtractor traitExtractor = new TraitExtractor(JSON);
        List<String> recordPerson = new ArrayList<>();
        List<Identifier> recordPrimary = new ArrayList<>();
        long[] nanos = new long[2];
        List<Long> mergeNanos = new ArrayList<>();
        long[] counts = new long[3]; // events, events without identifiers, conflicts
        Map<String, Long> conflictReasons = new java.util.TreeMap<>();
        long usedBefore = ProfileApiHarness.usedHeap();
        for (Input input : INPUTS) {
            Mapping mapping = input.loadMapping();
            Source source = new Source(input.channel().replace('_', '-'), Channel.parse(input.channel()), "wk", Clock.systemUTC().instant());
            EventSink sink = events -> {
                for (IdentifiedEvent identified : events) {
                    Event event = identified.event();
                    long started = System.nanoTime(); // extraction from the bytes, as the resolver does for what it reads back
                    List<Identifier> identifiers = extractor.extract(event.json().utf8(), event.type());
                    long extracted = System.nanoTime();
                    JsonNode message = parse(event); // untimed: for the ground-truth key, and to check the streaming extractor
                    if (!identifiers.equals(extractor.extract(message, event.type())) || !identifiers.equals(identified.identifiers())) {
                        throw new IllegalStateException("extraction from the bytes, the tree and validation disagree on " + event.json());
                    }
                    counts[0]++;
                    if (identifiers.isEmpty()) {
                        counts[1]++;
                        continue;
                    }
                    long observing = System.nanoTime();
                    IdentityGraph.Observation observation = graph.observe(identifiers,
                            Provenance.event(event.source(), event.messageId(), event.receivedAt()));
                    long observed = System.nanoTime() - observing;
                    nanos[0] += extracted - started;
                    nanos[1] += observed;
                    if (!observation.changes().isEmpty()) {
                        mergeNanos.add(observed);
                    }
                    counts[2] += observation.conflicts().size();
                    for (Trait trait : traitExtractor.extract(event)) { // untimed, like the parse above
                        traits.offer(observation.primary(), trait);
                    }
                    observation.conflicts().forEach(conflict -> conflictReasons.merge(conflict.reason().replaceAll("[0-9]+ ", "N "), 1L, Long::sum));
                    String person = truth.get(input.file() + "," + text(message, input.keyPath()));
                    if (person == null) {
                        throw new IllegalStateException("no ground truth for " + input.file() + " " + text(message, input.keyPath()));
                    }
                    recordPerson.add(person);
                    recordPrimary.add(observation.primary());
                }
                graph.drainUnsaved(); // untimed; the server hands what is new to storage about once a second, so it is not kept
                return CompletableFuture.completedFuture(new EventSink.Stored(events.size(), 0));
            };
            Path file = dir.resolve(input.file());
            try (InputStream in = Files.newInputStream(file)) {
                new Importer(JSON, IngestLimits.SEGMENT, sink, Clock.systemUTC()).run(source, mapping, input.file(), in,
                        new ImportProgress(Files.size(file)), reject -> {
                            throw new IllegalStateException("generated data was rejected: " + reject);
                        });
            }
        }
        long usedAfter = ProfileApiHarness.usedHeap();
        Pairs pairs = pairs(recordPerson, recordPrimary, graph, false);
        long accepted = graph.log().stream().filter(link -> graph.status(link.id()) == Link.Status.ACCEPTED).count();
        System.out.printf("# Identity harness%n%n- %,d people, %,d days, seed %d: %,d records; JVM %s, %d cores%n%n", people, days, seed,
                generated.totalRecords(), Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.println("| records resolved | without identifiers | identifiers | links | accepted | conflicts | profiles | true people | precision | recall | F1 | extract events/s | graph events/s | both events/s | heap bytes/profile |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double extractSeconds = nanos[0] / 1e9;
        double graphSeconds = nanos[1] / 1e9;
        long resolved = recordPrimary.size();
        System.out.printf("| %,d | %,d | %,d | %,d | %,d | %,d | %,d | %,d | %.4f | %.4f | %.4f | %,.0f | %,.0f | %,.0f | %,.0f |%n", resolved, counts[1],
                graph.identifiersInOrder().size(), graph.log().size(), accepted, counts[2], graph.profileCount(), pairs.people,
                pairs.precision(), pairs.recall(), pairs.f1(), resolved / extractSeconds, resolved / graphSeconds,
                resolved / (extractSeconds + graphSeconds), (usedAfter - usedBefore) / (double) graph.profileCount());
        probabilistic(graph, traits, recordPerson, recordPrimary, seed, estimateM, linkThreshold);
        Map<String, Map<String, Long>> cells = contingency(recordPerson, recordPrimary, graph, false);
        Pairs scored = pairs(cells);
        Missed missed = missedPairs(cells, graph);
        latencies(graph, mergeNanos); // after the scoring: the timed unmerges change the profiles
        System.out.println();
        System.out.println("Conflicts by reason:");
        conflictReasons.forEach((reason, count) -> System.out.printf("- %,d × %s%n", count, reason));
        System.out.println();
        long missedTotal = missed.total();
        if (missedTotal != (long) (scored.actual() - scored.truePositives())) {
            throw new IllegalStateException("missed pairs " + missedTotal + " do not make up what recall misses: " + scored);
        }
        System.out.printf("Same-person pairs of records in different final profiles (what recall misses): %,d. The largest groups, by the%n"
                + "two profiles' identifier types and whether a profile holding the person's records has a user id:%n", missedTotal);
        missed.byGroup().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(10)
                .forEach(entry -> System.out.printf("- %,d (%.3f) %s%n", entry.getValue(), entry.getValue() / (double) missedTotal, entry.getKey()));
        long evidenceless = missed.evidenceless();
        Pairs ceiling = scored.joining(missedTotal - evidenceless);
        System.out.printf("%,d of them (%.3f) have, on at least one side, a profile that holds nothing but cookies and device ids, whose records%n"
                + "carry no other identifier and no person attribute that could link it further (%,d, %.3f, on both sides). Joining every%n"
                + "other missed pair and nothing else would give precision %.4f, recall %.4f, F1 %.4f.%n", evidenceless,
                evidenceless / (double) missedTotal, missed.bothEvidenceless(), missed.bothEvidenceless() / (double) missedTotal,
                ceiling.precision(), ceiling.recall(), ceiling.f1());
    }

    /**
     * Probabilistic matching over the deterministic profiles: each profile's merged traits become a person record,
     * the matcher estimates its model from them, and every automatic link is added to the graph as a probabilistic
     * link between the two profiles' strongest identifiers (a link the identity limits refuse does not merge).
     * Prints the quality of the final profiles and of the automatic links themselves.
     */
    private static void probabilistic(IdentityGraph graph, ProfileTraits traits, List<String> recordPerson, List<Identifier> recordPrimary,
            long seed, boolean estimateM, double linkThreshold) {
        Map<String, Map<String, Long>> personsByProfile = new HashMap<>();
        for (int i = 0; i < recordPerson.size(); i++) {
            personsByProfile.computeIfAbsent(graph.profileOf(recordPrimary.get(i)).orElseThrow(), k -> new HashMap<>())
                    .merge(recordPerson.get(i), 1L, Long::sum);
        }
        Pairs beforeIdentified = pairs(recordPerson, recordPrimary, graph, true);
        long started = System.nanoTime();
        ProfileMatching.Outcome outcome = ProfileMatching.run(graph, traits, Matcher.defaults().withWeights(estimateM ? new Weights.EstimatedM() : new Weights.Typical()).withThresholds(linkThreshold, Math.min(linkThreshold, 0.9)), seed, java.time.Instant.parse("2026-11-22T12:00:00Z"));
        double matchSeconds = (System.nanoTime() - started) / 1e9;
        Matcher.Result result = outcome.result();
        int sameMajority = 0;
        for (ProfileMatching.Suggestion link : outcome.links()) {
            if (majority(personsByProfile.get(link.profileA())).equals(majority(personsByProfile.get(link.profileB())))) {
                sameMajority++;
            }
        }
        int merged = outcome.merged();
        Pairs before = beforeIdentified;
        Pairs pairs = pairs(recordPerson, recordPrimary, graph, false);
        Pairs identified = pairs(recordPerson, recordPrimary, graph, true);
        System.out.println();
        System.out.printf("Probabilistic matching over the deterministic profiles (default comparisons, link at p >= %s, review from 0.9, m %s):%n",
                linkThreshold, estimateM ? "estimated by EM per blocking rule" : "typical, u and prior from the data");
        System.out.println();
        System.out.println("| profiles with a name or birth date | candidate pairs | skipped blocks | automatic links | of them between profiles of one person | merges made | to review | match s | profiles after | precision | recall | F1 |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf("| %,d | %,d | %,d | %,d | %,d (%.4f) | %,d | %,d | %.1f | %,d | %.4f | %.4f | %.4f |%n", outcome.records(), result.candidatePairs(),
                result.skippedBlocks(), result.links().size(), sameMajority, sameMajority / (double) Math.max(1, result.links().size()), merged,
                result.reviews().size(), matchSeconds, graph.profileCount(), pairs.precision(), pairs.recall(), pairs.f1());
        System.out.println();
        System.out.println("Records that carry a personal identifier themselves (user id, e-mail, phone, CRM id, loyalty card; not only a cookie or device):");
        System.out.println();
        System.out.println("| | precision | recall | F1 |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| deterministic | %.4f | %.4f | %.4f |%n", before.precision(), before.recall(), before.f1());
        System.out.printf("| with probabilistic | %.4f | %.4f | %.4f |%n", identified.precision(), identified.recall(), identified.f1());
        MatchModel model = result.model();
        System.out.println();
        System.out.printf("Estimated model (prior %.5f):%n", model.prior());
        for (int c = 0; c < model.comparisons().size(); c++) {
            StringBuilder line = new StringBuilder("- ").append(model.comparisons().get(c).field().id()).append(':');
            for (int level = 0; level < model.comparisons().get(c).levels().size(); level++) {
                line.append(String.format(java.util.Locale.ROOT, " %s %+.1f;", model.comparisons().get(c).levels().get(level), model.weight(c, level)));
            }
            System.out.println(line);
        }
        outcome.links().stream().filter(link -> !majority(personsByProfile.get(link.profileA())).equals(majority(personsByProfile.get(link.profileB()))))
                .limit(5).forEach(link -> System.out.println("- wrong link: " + link.profileA() + " " + graph.identifiers(graph.resolve(link.profileA()).orElseThrow())
                        + " ~ " + link.profileB() + ": " + link.explanation().describe()));
    }

    /**
     * The time of each merge decision (an event whose observation merged profiles, identifier extraction excluded),
     * and of unmerges: for up to 1,000 profiles of 10 to 12 identifiers, removing the link that joined their
     * founder's first neighbour, timed one by one (each recomputes the raw component of the removed link).
     */
    private static void latencies(IdentityGraph graph, List<Long> mergeNanos) {
        long[] merges = mergeNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Long> unmerges = new ArrayList<>();
        int[] sizes = new int[2];
        for (Map.Entry<String, java.util.Set<Identifier>> profile : graph.partition().entrySet()) {
            if (unmerges.size() >= 1_000 || profile.getValue().size() < 10 || profile.getValue().size() > 12) {
                continue;
            }
            Link accepted = graph.links(profile.getKey()).stream().filter(link -> graph.status(link.id()) == Link.Status.ACCEPTED).findFirst().orElse(null);
            if (accepted == null) {
                continue;
            }
            long started = System.nanoTime();
            List<io.tekil.core.identity.ProfileChange> changes = graph.removeLink(accepted.id(), java.time.Instant.now());
            unmerges.add(System.nanoTime() - started);
            sizes[0] += profile.getValue().size();
            sizes[1] += changes.size();
        }
        long[] unmerged = unmerges.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println();
        System.out.println("| decision | count | p50 µs | p99 µs | max µs |");
        System.out.println("|---|---:|---:|---:|---:|");
        System.out.printf("| merge (an event that merged profiles) | %,d | %.1f | %.1f | %.1f |%n", merges.length, at(merges, 0.5), at(merges, 0.99),
                merges.length == 0 ? 0 : merges[merges.length - 1] / 1e3);
        System.out.printf("| unmerge of a 10-12-identifier profile (remove one link) | %,d | %.1f | %.1f | %.1f |%n", unmerged.length, at(unmerged, 0.5),
                at(unmerged, 0.99), unmerged.length == 0 ? 0 : unmerged[unmerged.length - 1] / 1e3);
    }

    private static double at(long[] sorted, double p) {
        return ProfileApiHarness.nearestRank(sorted, p) / 1e3;
    }

    private static String majority(Map<String, Long> persons) {
        return persons.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /**
     * The same-person pairs of records that ended in two different profiles (what recall misses): their number, how
     * many have a profile of nothing but cookies and device ids on at least one side (none of its records carries
     * an identifier or person attribute that could link it further; both sides, too), and their counts by group: the
     * identifier types of the two profiles and whether one of the profiles holding the person's records has a user id
     * (usually the person's own: they signed in online at least once; a shared device's can be someone else's).
     */
    private record Missed(long total, long evidenceless, long bothEvidenceless, Map<String, Long> byGroup) {}

    /** A final profile's identifier types ({@code anonymous_id+user_id}), and whether it holds nothing but cookies and device ids. */
    private record ProfileTypes(String types, boolean cookieOrDeviceOnly) {
        static ProfileTypes of(IdentityGraph graph, String profileId) {
            List<Identifier> identifiers = graph.identifiers(profileId);
            return new ProfileTypes(identifiers.stream().map(id -> id.type().name()).distinct().sorted().collect(java.util.stream.Collectors.joining("+")),
                    identifiers.stream().allMatch(id -> cookieOrDevice(id.type())));
        }
    }

    private static Missed missedPairs(Map<String, Map<String, Long>> contingency, IdentityGraph graph) {
        Map<String, ProfileTypes> typesOf = new HashMap<>();
        Map<String, Long> byGroup = new HashMap<>();
        long total = 0;
        long evidenceless = 0;
        long bothEvidenceless = 0;
        for (Map<String, Long> profiles : contingency.values()) {
            List<Map.Entry<String, Long>> parts = new ArrayList<>(profiles.entrySet());
            List<ProfileTypes> types = parts.stream().map(part -> typesOf.computeIfAbsent(part.getKey(), profile -> ProfileTypes.of(graph, profile))).toList();
            String person = types.stream().anyMatch(t -> t.types().contains(IdentifierType.USER_ID.name())) ? "with a user id" : "without a user id";
            for (int a = 0; a < parts.size(); a++) {
                for (int b = a + 1; b < parts.size(); b++) {
                    long pairs = parts.get(a).getValue() * parts.get(b).getValue();
                    String first = types.get(a).types();
                    String second = types.get(b).types();
                    byGroup.merge(person + ": " + (first.compareTo(second) <= 0 ? first + " | " + second : second + " | " + first), pairs, Long::sum);
                    total += pairs;
                    evidenceless += types.get(a).cookieOrDeviceOnly() || types.get(b).cookieOrDeviceOnly() ? pairs : 0;
                    bothEvidenceless += types.get(a).cookieOrDeviceOnly() && types.get(b).cookieOrDeviceOnly() ? pairs : 0;
                }
            }
        }
        return new Missed(total, evidenceless, bothEvidenceless, byGroup);
    }

    private static boolean cookieOrDevice(IdentifierType type) {
        return type.equals(IdentifierType.ANONYMOUS_ID) || type.equals(IdentifierType.DEVICE_ID);
    }

    private record Pairs(double truePositives, double predicted, double actual, long people) {
        double precision() {
            return truePositives / predicted;
        }

        double recall() {
            return truePositives / actual;
        }

        double f1() {
            return 2 * precision() * recall() / (precision() + recall());
        }

        /** These pairs with {@code more} missed same-person pairs joined and nothing else. */
        Pairs joining(double more) {
            return new Pairs(truePositives + more, predicted + more, actual, people);
        }
    }

    /** Pair counts from the contingency of (true person, final profile), without listing pairs. */
    private static Pairs pairs(List<String> persons, List<Identifier> primaries, IdentityGraph graph, boolean identifiedOnly) {
        return pairs(contingency(persons, primaries, graph, identifiedOnly));
    }

    private static Pairs pairs(Map<String, Map<String, Long>> contingency) {
        Map<String, Long> byProfile = new HashMap<>();
        double truePositives = 0;
        double actual = 0;
        for (Map<String, Long> profiles : contingency.values()) {
            truePositives += choose2(profiles);
            actual += choose2(profiles.values().stream().mapToLong(Long::longValue).sum());
            profiles.forEach((profile, count) -> byProfile.merge(profile, count, Long::sum));
        }
        return new Pairs(truePositives, choose2(byProfile), actual, contingency.size());
    }

    /**
     * How many records of each true person each final profile holds, by person.
     *
     * @param identifiedOnly only records that carry a personal identifier themselves (their primary identifier is
     *     not a cookie or a device id): what name, birth date and address matching can work with, decided by the
     *     data, not by the resolution being scored
     */
    private static Map<String, Map<String, Long>> contingency(List<String> persons, List<Identifier> primaries, IdentityGraph graph,
            boolean identifiedOnly) {
        Map<String, Map<String, Long>> byPerson = new HashMap<>();
        for (int i = 0; i < persons.size(); i++) {
            if (identifiedOnly && cookieOrDevice(primaries.get(i).type())) {
                continue;
            }
            byPerson.computeIfAbsent(persons.get(i), k -> new HashMap<>()).merge(graph.profileOf(primaries.get(i)).orElseThrow(), 1L, Long::sum);
        }
        return byPerson;
    }

    private static double choose2(Map<String, Long> counts) {
        double sum = 0;
        for (long n : counts.values()) {
            sum += choose2(n);
        }
        return sum;
    }

    private static double choose2(long n) {
        return n * (double) (n - 1) / 2;
    }

    private static Map<String, String> truth(Path records) throws IOException {
        Map<String, String> truth = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(records, StandardCharsets.UTF_8)) {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null) {
                int last = line.lastIndexOf(',');
                truth.put(line.substring(0, last), line.substring(last + 1));
            }
        }
        return truth;
    }

    private static JsonNode parse(Event event) {
        try {
            return JSON.readTree(event.json().utf8());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(JsonNode message, String path) {
        JsonNode node = message;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node.asText();
    }
}
