package io.tekil.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a profile's identity shows of its past: the merges derived from the log, the reasons of rejected links, and unmerges. */
class TestMergeHistory {
    private static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");
    private static final Identifier COOKIE = Identifier.of(IdentifierType.ANONYMOUS_ID, "anon-ığüşöç");
    private static final Identifier AYSE = Identifier.of(IdentifierType.USER_ID, "u-ayşe");
    private static final Identifier AYSE_MAIL = Identifier.of(IdentifierType.EMAIL, "ayşe.ince@example.com");
    private static final Identifier PHONE = Identifier.of(IdentifierType.PHONE, "+905321234567");
    private static final Identifier ZEYNEP = Identifier.of(IdentifierType.USER_ID, "u-zeynep");

    private final IdentityGraph graph = new IdentityGraph(IdentityRules.DEFAULTS);
    private int events;

    @Test
    void mergesAreListedInLogOrderWithTheSurvivorAndTheAbsorbed() {
        String anonymous = observe(COOKIE).profileId(); // browsing before the log-in
        String store = observe(PHONE).profileId(); // a receipt at the till
        observe(AYSE, COOKIE); // the log-in joins the cookie
        observe(AYSE_MAIL, PHONE); // the CRM joins e-mail and phone
        observe(AYSE, AYSE_MAIL); // the web sign-up's e-mail joins both

        String live = graph.profileOf(AYSE).orElseThrow();
        assertThat(live).as("the cookie was seen first").isEqualTo(anonymous);
        List<MergeHistory.Merge> merges = MergeHistory.of(graph, live);
        assertThat(merges).extracting(merge -> merge.link().provenance().messageId()).containsExactly("m-2", "m-3", "m-4");
        assertThat(merges).extracting(MergeHistory.Merge::survivor)
                .containsExactly(anonymous, store, anonymous);
        assertThat(merges).extracting(MergeHistory.Merge::absorbed)
                .containsExactly(IdentityGraph.profileIdOf(AYSE), IdentityGraph.profileIdOf(AYSE_MAIL), store);
        assertThat(MergeHistory.of(graph, "p_none")).isEmpty();
        assertThat(graph.position(COOKIE)).hasValue(0);
        assertThat(graph.position(Identifier.of(IdentifierType.EMAIL, "kimse@example.com"))).isEmpty();
    }

    @Test
    void aRejectedLinkKeepsTheLimitItWouldHaveBrokenUntilASplitAcceptsIt() {
        observe(AYSE, COOKIE);
        IdentityGraph.Observation shared = observe(ZEYNEP, COOKIE); // Zeynep on Ayşe's laptop: a second user id
        Link rejected = shared.conflicts().getFirst().link();

        assertThat(graph.rejection(rejected.id())).hasValue("the profile would have 2 user_id identifiers; the limit is 1")
                .hasValue(shared.conflicts().getFirst().reason());
        assertThat(MergeHistory.of(graph, graph.profileOf(AYSE).orElseThrow())).as("a rejected link merged nothing").hasSize(1);

        long first = graph.links(graph.profileOf(AYSE).orElseThrow()).getFirst().id();
        Instant unmerged = T0.plusSeconds(3_600);
        graph.removeLink(first, unmerged);

        assertThat(graph.removedAt(first)).hasValue(unmerged);
        assertThat(graph.rejection(rejected.id())).as("accepted once the cookie is free").isEmpty();
        assertThat(graph.status(rejected.id())).isEqualTo(Link.Status.ACCEPTED);
        assertThat(graph.removedAt(rejected.id())).isEmpty();
        assertThat(MergeHistory.of(graph, graph.profileOf(ZEYNEP).orElseThrow())).singleElement()
                .satisfies(merge -> assertThat(merge.link()).isEqualTo(rejected));
        assertThat(graph.drainUnsaved().removedLinks()).containsExactly(new LogEntries.Removal(first, unmerged));
    }

    @Test
    void newIdentifiersAreSavedWithTheEventThatBroughtThemIn() {
        observe(COOKIE);
        observe(AYSE, COOKIE);
        graph.link(AYSE, AYSE_MAIL, new Provenance("operator", null, "manual", T0));

        assertThat(graph.drainUnsaved().identifiers()).extracting(seen -> seen.identifier() + " " + seen.provenance().messageId())
                .containsExactly(COOKIE + " m-0", AYSE + " m-1", AYSE_MAIL + " null");
    }

    private IdentityGraph.Observation observe(Identifier... identifiers) {
        return graph.observe(List.of(identifiers), Provenance.event("web", "m-" + events++, T0.plusSeconds(events)));
    }
}
