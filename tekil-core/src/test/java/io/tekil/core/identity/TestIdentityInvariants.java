package io.tekil.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The check itself: the graph keeps its invariants by construction, so its public methods cannot break them; these
 * tests show what the check says about events (the property and restore tests run it on graphs; breaking the
 * graph's code makes it report, as was tried by hand when it was written).
 */
class TestIdentityInvariants {
    private static final Identifier AYSE = Identifier.of(IdentifierType.USER_ID, "u-ayşe");
    private static final Identifier AYSE_MAIL = Identifier.of(IdentifierType.EMAIL, "ayşe.yılmaz@örnek.com.tr");
    private static final Identifier TABLET = Identifier.of(IdentifierType.DEVICE_ID, "d-aile-tableti");
    private static final Provenance PROVENANCE = Provenance.event("web", "m-1", Instant.parse("2026-11-22T10:00:00Z"));

    @Test
    void aGraphAfterMergesAndUnmergesHoldsEveryInvariant() {
        IdentityGraph graph = new IdentityGraph(IdentityRules.DEFAULTS);
        graph.observe(List.of(AYSE, AYSE_MAIL, TABLET), PROVENANCE);
        graph.observe(List.of(Identifier.of(IdentifierType.USER_ID, "u-mehmet"), TABLET), PROVENANCE); // rejected: two user ids
        graph.detach(TABLET, java.time.Instant.parse("2026-11-22T11:00:00Z"));

        assertThat(IdentityInvariants.check(graph, List.of(event("m-1", AYSE, AYSE_MAIL, TABLET), event("m-2")))).isEmpty();
    }

    @Test
    void anEventTheGraphNeverSawBelongsToNoProfile() {
        IdentityGraph graph = new IdentityGraph(IdentityRules.DEFAULTS);
        graph.observe(List.of(AYSE_MAIL), PROVENANCE);

        assertThat(IdentityInvariants.check(graph, List.of(event("m-9", AYSE, AYSE_MAIL), event("m-10", AYSE_MAIL, TABLET)))).containsExactly(
                "event m-9 belongs to no profile: its primary identifier user_id:u-ayşe is in none",
                "event m-10 carries device_id:d-aile-tableti, which no profile holds: the event was not resolved");
    }

    @Test
    void manyViolationsAreCountedBeyondTheFirstHundred() {
        IdentityGraph graph = new IdentityGraph(IdentityRules.DEFAULTS);
        List<IdentityInvariants.ObservedEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(event("m-" + i, Identifier.of(IdentifierType.ANONYMOUS_ID, "c-" + i)));
        }

        List<String> violations = IdentityInvariants.check(graph, events);

        assertThat(violations).hasSize(IdentityInvariants.MOST_DESCRIBED + 1);
        assertThat(violations.getLast()).isEqualTo("and 150 more violations");
    }

    private static IdentityInvariants.ObservedEvent event(String messageId, Identifier... identifiers) {
        return new IdentityInvariants.ObservedEvent(messageId, List.of(identifiers));
    }
}
