package io.tekil.core.identity.match;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.Provenance;
import io.tekil.core.profile.ProfileTraits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Probabilistic matching over the profiles deterministic resolution made: each live profile's merged traits
 * become a {@link PersonRecord}; the {@link Matcher} compares them; every automatic link goes into the identity
 * graph as a {@code probabilistic} link between the two profiles' strongest identifiers, with the explanation in
 * its rule, so it is decided by the same limits as any link and undone like any link. Pairs to review are
 * returned for a person to accept (the same link, rule {@code probabilistic (reviewed)}) or reject.
 */
public final class ProfileMatching {
    public static final String SOURCE = "matching";

    private ProfileMatching() {}

    /** A suggested link: the two profiles as they were when matched, their strongest identifiers, and why. */
    public record Suggestion(String profileA, String profileB, Identifier identifierA, Identifier identifierB, Explanation explanation) {}

    /**
     * @param links the automatic links, as suggestions (what was linked)
     * @param merged how many of them merged two profiles (the others were already together, or refused by a limit)
     */
    public record Outcome(Matcher.Result result, int records, List<Suggestion> links, int merged, List<Suggestion> reviews,
            List<io.tekil.core.identity.ProfileChange> changes) {
        public Outcome {
            links = List.copyOf(links);
            reviews = List.copyOf(reviews);
            changes = List.copyOf(changes);
        }
    }

    /** The person records of the live profiles with a name or birth date, and each one's strongest identifier. */
    public record Snapshot(List<PersonRecord> records, List<Identifier> strongest) {
        public Snapshot {
            records = List.copyOf(records);
            strongest = List.copyOf(strongest);
        }
    }

    /** Reads the profiles to match; the graph is only read, so the matching itself can run without holding it. */
    public static Snapshot snapshot(IdentityGraph graph, ProfileTraits traits) {
        List<String> ids = new ArrayList<>(graph.partition().keySet());
        ids.sort(null);
        List<PersonRecord> records = new ArrayList<>();
        List<Identifier> strongest = new ArrayList<>();
        for (String id : ids) {
            List<Identifier> identifiers = graph.identifiers(id);
            PersonRecord record = ProfileRecords.of(id, traits.merged(identifiers));
            if (record != null) {
                records.add(record);
                strongest.add(identifiers.getFirst());
            }
        }
        return new Snapshot(records, strongest);
    }

    /**
     * Adds the automatic links of {@code result} to the graph, except those {@code allowed} refuses (pairs a person
     * rejected earlier). Identifiers do not change profile between the snapshot and now except through merges and
     * unmerges, which the graph decides again, so applying later is safe.
     */
    public static Outcome apply(IdentityGraph graph, Snapshot snapshot, Matcher.Result result, Instant now, Predicate<Suggestion> allowed) {
        List<Suggestion> links = new ArrayList<>();
        List<io.tekil.core.identity.ProfileChange> changes = new ArrayList<>();
        int merged = 0;
        for (Matcher.ScoredPair pair : result.links()) {
            Suggestion suggestion = suggestion(pair, snapshot);
            if (!allowed.test(suggestion)) {
                continue;
            }
            links.add(suggestion);
            Provenance provenance = new Provenance(SOURCE, null, "probabilistic " + pair.explanation().describe(), now);
            List<io.tekil.core.identity.ProfileChange> made = graph.link(suggestion.identifierA(), suggestion.identifierB(), provenance).changes();
            if (!made.isEmpty()) {
                merged++;
                changes.addAll(made);
            }
        }
        List<Suggestion> reviews = result.reviews().stream().map(pair -> suggestion(pair, snapshot)).filter(allowed).toList();
        return new Outcome(result, snapshot.records().size(), links, merged, reviews, changes);
    }

    /** Snapshot, match and apply in one go. */
    public static Outcome run(IdentityGraph graph, ProfileTraits traits, Matcher matcher, long seed, Instant now) {
        Snapshot snapshot = snapshot(graph, traits);
        return apply(graph, snapshot, matcher.run(snapshot.records(), seed), now, suggestion -> true);
    }

    private static Suggestion suggestion(Matcher.ScoredPair pair, Snapshot snapshot) {
        return new Suggestion(snapshot.records().get(pair.a()).id(), snapshot.records().get(pair.b()).id(), snapshot.strongest().get(pair.a()),
                snapshot.strongest().get(pair.b()), pair.explanation());
    }
}
