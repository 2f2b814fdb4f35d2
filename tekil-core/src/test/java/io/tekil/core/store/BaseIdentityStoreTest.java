package io.tekil.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.IdentityGraph;
import io.tekil.core.identity.IdentityInvariants;
import io.tekil.core.identity.IdentityRules;
import io.tekil.core.identity.Link;
import io.tekil.core.identity.Provenance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link IdentityStore}, run against every backend: the log reads back in order, and a graph
 * restored from it equals the graph that wrote it, unmerges included, and keeps the graph's invariants
 * ({@link IdentityInvariants}) over every event the writer observed.
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
        Link link = new Link(0, ayse, cookie, new Provenance("web", "m-1", "deterministic", NOW));
        store.append(List.of(cookie, ayse), List.of(link));
        Link manual = new Link(1, ayse, Identifier.of(IdentifierType.EMAIL, "ayse@örnek.com.tr"), new Provenance("operator", null, "manual", NOW));
        store.append(List.of(Identifier.of(IdentifierType.EMAIL, "ayse@örnek.com.tr")), List.of(manual));
        store.markRemoved(1, NOW);

        List<Identifier> identifiers = new ArrayList<>();
        List<String> links = new ArrayList<>();
        reopen().load(new IdentityStore.Reader() {
            @Override
            public void identifier(Identifier identifier) {
                identifiers.add(identifier);
            }

            @Override
            public void link(Link read, boolean removed) {
                links.add(read + " removed=" + removed);
            }
        });
        assertThat(identifiers).containsExactly(cookie, ayse, Identifier.of(IdentifierType.EMAIL, "ayse@örnek.com.tr"));
        assertThat(links).containsExactly(link + " removed=false", manual + " removed=true");
        assertThatThrownBy(() -> store.append(List.of(), List.of(new Link(5, ayse, cookie, link.provenance()))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not continue the log");
    }

    @Test
    void aRestoredGraphEqualsTheGraphThatWroteIt() {
        IdentityStore store = createStore();
        IdentityRules rules = IdentityRules.DEFAULTS.withLimit(IdentifierType.EMAIL, 2);
        IdentityGraph graph = new IdentityGraph(rules);
        List<IdentityInvariants.ObservedEvent> events = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
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
                graph.observe(carried, Provenance.event("web", "m-" + step, NOW));
                events.add(new IdentityInvariants.ObservedEvent("m-" + step, carried));
            } else {
                long link = random.nextLong(graph.log().size());
                if (graph.status(link) != Link.Status.REMOVED) {
                    graph.removeLink(link);
                }
            }
            if (step % 50 == 0) {
                graph.saveTo(store, NOW);
            }
        }
        graph.saveTo(store, NOW);

        IdentityGraph restored = IdentityGraph.restore(rules, reopen());
        assertThat(restored.partition()).isEqualTo(graph.partition());
        assertThat(restored.identifiersInOrder()).isEqualTo(graph.identifiersInOrder());
        assertThat(restored.log()).isEqualTo(graph.log());
        for (Link link : graph.log()) {
            assertThat(restored.status(link.id())).isEqualTo(graph.status(link.id()));
        }
        assertThat(restored.drainUnsaved().isEmpty()).isTrue();
        assertThat(IdentityInvariants.check(restored, events)).isEmpty();
    }
}
