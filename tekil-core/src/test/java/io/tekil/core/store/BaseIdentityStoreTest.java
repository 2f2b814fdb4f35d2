package io.tekil.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.identity.FirstSeen;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.IdentityInvariants;
import io.tekil.core.identity.IdentityRules;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.LogEntries;
import io.tekil.core.identity.MergeHistory;
import io.tekil.core.identity.ProfileChange;
import io.tekil.core.identity.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link IdentityStore}, run against every backend: the log reads back in order with where each
 * identifier was first seen and when each removal was made, and a graph restored from it equals the graph that
 * wrote it, unmerges, the reasons of rejected links and the merge history included, and keeps the graph's
 * invariants ({@link IdentityInvariants}) over every event the writer observed.
 */
public abstract class BaseIdentityStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    /** A fresh, empty store. */
    protected abstract IdentityStore createStore();

    /** The same store after closing and opening its storage again, for backends that persist; else the same instance. */
    protected abstract IdentityStore reopen();

    @Test
    void theLogReadsBackInOrder() {
        IdentityStore store = createStore();
        Identifier ayse = Identifier.of(IdentifierType.USER_ID, "u-ayşe");
        Identifier cookie = Identifier.of(IdentifierType.ANONYMOUS_ID, "c-1");
        Provenance web = new Provenance("web", "m-1", "deterministic", NOW);
        Link link = new Link(0, ayse, cookie, web);
        Provenance pos = new Provenance("pos", "m-0", "deterministic", NOW.minusSeconds(60));
        ProfileChange merged = new ProfileChange.Merged("p_cookie", "p_ayse", 0);
        store.append(new LogEntries(List.of(new FirstSeen(cookie, pos), new FirstSeen(ayse, web)), List.of(link), List.of(),
                List.of(new LogEntries.Changed(merged, NOW))));
        Provenance operator = new Provenance("operator", null, "manual", NOW);
        Link manual = new Link(1, ayse, Identifier.of(IdentifierType.EMAIL, "ayse@örnek.com.tr"), operator);
        store.append(new LogEntries(List.of(new FirstSeen(Identifier.of(IdentifierType.EMAIL, "ayse@örnek.com.tr"), operator)), List.of(manual),
                List.of(new LogEntries.Removal(1, NOW.plusSeconds(5))), List.of()));
        ProfileChange split = new ProfileChange.Split("p_cookie", List.of("p_cookie", "p_mail"), 1);
        // a link removed again (by an older writer, say): the first removal counts
        store.append(new LogEntries(List.of(), List.of(), List.of(new LogEntries.Removal(1, NOW.plusSeconds(9))),
                List.of(new LogEntries.Changed(split, NOW.plusSeconds(9)))));
        assertThatThrownBy(() -> store.append(new LogEntries(List.of(), List.of(), List.of(new LogEntries.Removal(2, NOW)),
                List.of(new LogEntries.Changed(split, NOW))))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no link 2");

        List<Identifier> identifiers = new ArrayList<>();
        List<String> links = new ArrayList<>();
        reopen().load(new IdentityStore.Reader() {
            @Override
            public void identifier(Identifier identifier) {
                identifiers.add(identifier);
            }

            @Override
            public void link(Link read, Instant removedAt) {
                links.add(read + " removed at " + removedAt);
            }
        });
        assertThat(identifiers).containsExactly(cookie, ayse, Identifier.of(IdentifierType.EMAIL, "ayse@örnek.com.tr"));
        assertThat(links).containsExactly(link + " removed at null", manual + " removed at " + NOW.plusSeconds(5));
        assertThat(reopen().firstSeen(List.of(0L, 2L, 7L))).isEqualTo(Map.of(0L, pos, 2L, operator));
        assertThatThrownBy(() -> store.append(new LogEntries(List.of(), List.of(new Link(5, ayse, cookie, link.provenance())), List.of(), List.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not continue the log");
        assertThat(reopen().changes(0, 10)).as("a refused append wrote no change")
                .containsExactly(new IdentityStore.StoredChange(1, merged, NOW), new IdentityStore.StoredChange(2, split, NOW.plusSeconds(9)));
        assertThat(reopen().changes(1, 10)).extracting(IdentityStore.StoredChange::sequence).containsExactly(2L);
        assertThat(reopen().changes(0, 1)).extracting(IdentityStore.StoredChange::sequence).containsExactly(1L);
        assertThat(reopen().changes(2, 10)).isEmpty();

        // after a reopen, the identifiers' positions, the link ids and the change sequence go on where they were
        IdentityStore reopened = reopen();
        Identifier phone = Identifier.of(IdentifierType.PHONE, "+905321234567");
        ProfileChange later = new ProfileChange.Merged("p_cookie", "p_phone", 2);
        reopened.append(new LogEntries(List.of(new FirstSeen(phone, web)), List.of(new Link(2, ayse, phone, web)), List.of(),
                List.of(new LogEntries.Changed(later, NOW.plusSeconds(20)))));
        assertThat(reopen().firstSeen(List.of(3L))).isEqualTo(Map.of(3L, web));
        assertThat(reopen().changes(2, 10)).containsExactly(new IdentityStore.StoredChange(3, later, NOW.plusSeconds(20)));
    }

    @Test
    void aRestoredGraphEqualsTheGraphThatWroteIt() {
        IdentityStore store = createStore();
        IdentityRules rules = IdentityRules.DEFAULTS.withLimit(IdentifierType.EMAIL, 2);
        IdentityGraph graph = new IdentityGraph(rules);
        List<IdentityInvariants.ObservedEvent> events = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        Map<Identifier, String> firstEvent = new java.util.HashMap<>();
        List<ProfileChange> made = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            if (random.nextInt(10) < 8 || graph.log().isEmpty()) {
                List<Identifier> carried = new ArrayList<>();
                for (int i = random.nextInt(1, 4); i > 0; i--) {
                    int who = random.nextInt(40);
                    carried.add(switch (random.nextInt(3)) {
                        case 0 -> Identifier.of(IdentifierType.USER_ID, "u" + who);
                        case 1 -> Identifier.of(IdentifierType.ANONYMOUS_ID, "c" + who);
                        default -> Identifier.of(IdentifierType.EMAIL, "e" + who + "@x.com");
                    });
                }
                made.addAll(graph.observe(carried, Provenance.event("web", "m-" + step, NOW)).changes());
                for (Identifier identifier : carried) {
                    firstEvent.putIfAbsent(identifier, "m-" + step);
                }
                events.add(new IdentityInvariants.ObservedEvent("m-" + step, carried));
            } else {
                long link = random.nextLong(graph.log().size());
                if (graph.status(link) != Link.Status.REMOVED) {
                    made.addAll(graph.removeLink(link, NOW.plusSeconds(step)));
                }
            }
            if (step % 50 == 0) {
                store.append(graph.drainUnsaved());
            }
        }
        store.append(graph.drainUnsaved());

        IdentityGraph restored = IdentityGraph.restore(rules, reopen());
        assertThat(reopen().changes(0, 100_000)).extracting(IdentityStore.StoredChange::change).as("every merge and split, in order").isEqualTo(made);
        assertThat(made).anyMatch(change -> change instanceof ProfileChange.Split).anyMatch(change -> change instanceof ProfileChange.Merged);
        assertThat(restored.partition()).isEqualTo(graph.partition());
        assertThat(restored.identifiersInOrder()).isEqualTo(graph.identifiersInOrder());
        assertThat(restored.log()).isEqualTo(graph.log());
        for (Link link : graph.log()) {
            assertThat(restored.status(link.id())).isEqualTo(graph.status(link.id()));
            assertThat(restored.rejection(link.id())).isEqualTo(graph.rejection(link.id()));
            assertThat(restored.removedAt(link.id())).isEqualTo(graph.removedAt(link.id()));
        }
        assertThat(graph.log()).anyMatch(link -> graph.rejection(link.id()).isPresent()).anyMatch(link -> graph.removedAt(link.id()).isPresent());
        for (String profileId : graph.profileIds()) {
            assertThat(MergeHistory.of(restored, profileId)).isEqualTo(MergeHistory.of(graph, profileId));
        }
        Map<Long, Provenance> firstSeen = reopen().firstSeen(java.util.stream.LongStream.range(0, graph.identifierCount()).boxed().toList());
        assertThat(firstSeen).hasSize(graph.identifierCount());
        for (Identifier identifier : graph.identifiersInOrder()) {
            assertThat(firstSeen.get(graph.position(identifier).getAsLong()).messageId()).as("%s", identifier).isEqualTo(firstEvent.get(identifier));
        }
        assertThat(restored.drainUnsaved().isEmpty()).isTrue();
        assertThat(IdentityInvariants.check(restored, events)).isEmpty();
    }
}
