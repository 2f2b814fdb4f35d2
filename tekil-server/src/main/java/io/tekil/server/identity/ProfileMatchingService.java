package io.tekil.server.identity;

import io.tekil.core.error.TekilException;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.ProfileChange;
import io.tekil.core.identity.Provenance;
import io.tekil.core.identity.match.Matcher;
import io.tekil.core.identity.match.ProfileMatching;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Probabilistic matching over the profiles of an {@link IdentityService}, and the queue of suggested links a
 * person reviews. Every change to the graph happens under the identity service's lock, as resolution's own do,
 * and is saved and published through it.
 */
public final class ProfileMatchingService {
    private final IdentityService identity;
    private final ReviewQueue reviews;

    ProfileMatchingService(IdentityService identity, ReviewQueue reviews) {
        this.identity = identity;
        this.reviews = reviews;
    }

    /** What a matching run did. */
    public record MatchingRun(int records, long candidatePairs, int links, int merged, int newReviews, int profiles, long millis) {}

    public record ReviewView(long id, String status, Identifier a, Identifier b, String profileA, String profileB, double probability,
            double score, String explanation, Instant decidedAt) {}

    public record ReviewDecision(ReviewView review, List<ProfileChange> changes, List<String> conflicts) {}

    /**
     * Probabilistic matching over the current profiles (see {@link ProfileMatching}): the profiles are read under
     * the lock, compared without it (resolution goes on meanwhile), and the automatic links are applied and saved
     * under it. Pairs a person rejected are neither linked nor suggested again; new pairs to review are queued.
     */
    public MatchingRun match(Matcher matcher, long seed) {
        long started = System.nanoTime();
        ProfileMatching.Snapshot snapshot;
        synchronized (identity) {
            snapshot = ProfileMatching.snapshot(identity.graph(), identity.traits());
        }
        Matcher.Result result = matcher.run(snapshot.records(), seed);
        synchronized (identity) {
            IdentityGraph graph = identity.graph();
            ProfileMatching.Outcome outcome = ProfileMatching.apply(graph, snapshot, result, identity.clock().instant(), reviews::allowed);
            identity.saveAndPublish(outcome.changes());
            int added = reviews.add(outcome.reviews());
            return new MatchingRun(outcome.records(), result.candidatePairs(), outcome.links().size(), outcome.merged(), added,
                    graph.profileCount(), Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    /** The suggested links in a status ({@code pending}, {@code accepted}, {@code rejected}; all when blank). */
    public List<ReviewView> reviews(String status, int limit) {
        ReviewQueue.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ReviewQueue.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw TekilException.userError("status is pending, accepted or rejected, not '%s'", status);
            }
        }
        synchronized (identity) {
            return reviews.list(wanted, limit).stream().map(ProfileMatchingService::view).toList();
        }
    }

    /** Accepts a suggested link: the same link the matcher would have made, marked reviewed; saved at once. */
    public ReviewDecision accept(long reviewId) {
        synchronized (identity) {
            Instant now = identity.clock().instant();
            ReviewQueue.Review review = reviews.pending(reviewId);
            IdentityGraph.Observation observation = identity.graph().link(review.a(), review.b(),
                    new Provenance(ProfileMatching.SOURCE, null, "probabilistic (reviewed) " + review.explanation(), now));
            identity.saveAndPublish(observation.changes());
            ReviewQueue.Review decided = reviews.decide(reviewId, ReviewQueue.Status.ACCEPTED, now);
            return new ReviewDecision(view(decided), observation.changes(), observation.conflicts().stream().map(conflict -> conflict.reason()).toList());
        }
    }

    /** Rejects a suggested link: the pair is never linked by matching nor suggested again. */
    public ReviewDecision reject(long reviewId) {
        synchronized (identity) {
            return new ReviewDecision(view(reviews.decide(reviewId, ReviewQueue.Status.REJECTED, identity.clock().instant())), List.of(), List.of());
        }
    }

    private static ReviewView view(ReviewQueue.Review review) {
        return new ReviewView(review.id(), review.status().name().toLowerCase(Locale.ROOT), review.a(), review.b(), review.profileA(),
                review.profileB(), review.probability(), review.score(), review.explanation(), review.decidedAt());
    }
}
