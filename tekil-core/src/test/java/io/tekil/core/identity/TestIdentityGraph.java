package io.tekil.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestIdentityGraph {
    private static final Identifier AYSE = id(IdentifierType.USER_ID, "u-ayse");
    private static final Identifier MEHMET = id(IdentifierType.USER_ID, "u-mehmet");
    private static final Identifier COOKIE = id(IdentifierType.ANONYMOUS_ID, "c-laptop");
    private static final Identifier TABLET = id(IdentifierType.DEVICE_ID, "d-aile-tableti");
    private static final Identifier AYSE_MAIL = id(IdentifierType.EMAIL, "ayse.yilmaz@gmail.com");
    private static final Identifier MEHMET_MAIL = id(IdentifierType.EMAIL, "mehmet.kaya@hotmail.com");
    private static final Instant AT = Instant.parse("2026-11-22T11:00:00Z");

    private IdentityGraph graph = new IdentityGraph(IdentityRules.DEFAULTS);
    private int events;

    @AfterEach
    void invariantsHold() {
        assertInvariants(graph);
    }

    @Test
    void anonymousBrowsingJoinsTheProfileAtLogin() {
        String anonymous = observe(COOKIE).profileId();
        IdentityGraph.Observation login = observe(AYSE, COOKIE);

        assertThat(login.primary()).isEqualTo(AYSE);
        assertThat(login.profileId()).as("the profile seen first survives").isEqualTo(anonymous);
        assertThat(login.changes()).containsExactly(new ProfileChange.Merged(anonymous, IdentityGraph.profileIdOf(AYSE), 0));
        assertThat(graph.profileOf(COOKIE)).contains(anonymous);
        assertThat(graph.identifiers(anonymous)).containsExactly(AYSE, COOKIE);
        assertThat(graph.resolve(IdentityGraph.profileIdOf(AYSE))).as("the absorbed id resolves to the survivor").contains(anonymous);
    }

    @Test
    void aLinkThatWouldBreakALimitDoesNotMergeAndIsExplained() {
        observe(AYSE, TABLET, AYSE_MAIL);
        IdentityGraph.Observation mehmet = observe(MEHMET, TABLET);

        assertThat(mehmet.changes()).isEmpty();
        assertThat(mehmet.conflicts()).singleElement().satisfies(conflict -> {
            assertThat(conflict.reason()).isEqualTo("the profile would have 2 user_id identifiers; the limit is 1");
            assertThat(conflict.link().from()).isEqualTo(MEHMET);
            assertThat(graph.status(conflict.link().id())).isEqualTo(Link.Status.REJECTED);
        });
        assertThat(mehmet.profileId()).as("the event goes to its strongest identifier's profile").isEqualTo(graph.profileOf(MEHMET).orElseThrow());
        assertThat(graph.profileOf(TABLET)).isEqualTo(graph.profileOf(AYSE));
    }

    @Test
    void perTypeLimitsAndTheTotalCapHold() {
        graph = new IdentityGraph(IdentityRules.DEFAULTS.withLimit(IdentifierType.EMAIL, 2));
        observe(AYSE, id(IdentifierType.EMAIL, "a1@x.com"));
        observe(AYSE, id(IdentifierType.EMAIL, "a2@x.com"));
        IdentityGraph.Observation third = observe(AYSE, id(IdentifierType.EMAIL, "a3@x.com"));
        assertThat(third.conflicts()).singleElement().extracting(Conflict::reason)
                .isEqualTo("the profile would have 3 email identifiers; the limit is 2");

        IdentityGraph capped = new IdentityGraph(new IdentityRules(IdentityRules.DEFAULTS.priority(), Map.of(), 3));
        for (int i = 0; i < 5; i++) {
            capped.observe(List.of(AYSE, id(IdentifierType.ANONYMOUS_ID, "c" + i)), provenance());
        }
        assertThat(capped.identifiers(capped.profileOf(AYSE).orElseThrow())).hasSize(3);
        assertInvariants(capped);
    }

    @Test
    void unmergeRestoresTheOriginalProfilesAndIds() {
        observe(AYSE_MAIL, COOKIE);
        observe(MEHMET_MAIL, id(IdentifierType.PHONE, "+905551234567"));
        observe(TABLET);
        Map<String, Set<Identifier>> before = graph.partition();
        // a store clerk typed Ayşe's e-mail on Mehmet's receipt
        IdentityGraph.Observation mistake = observe(MEHMET_MAIL, AYSE_MAIL);
        assertThat(mistake.changes()).hasSize(1);
        assertThat(graph.profileCount()).isEqualTo(2);
        assertThat(graph.profileOf(MEHMET_MAIL)).as("Ayşe's profile was seen first and survives").isEqualTo(graph.profileOf(COOKIE));
        long linkId = mistake.changes().getFirst() instanceof ProfileChange.Merged merged ? merged.linkId() : -1;

        List<ProfileChange> undone = graph.removeLink(linkId, AT);

        assertThat(graph.partition()).isEqualTo(before);
        assertThat(undone).singleElement().isInstanceOf(ProfileChange.Split.class);
        assertThat(graph.status(linkId)).isEqualTo(Link.Status.REMOVED);
        assertThatThrownBy(() -> graph.removeLink(linkId, AT)).hasMessageContaining("no link " + linkId);
    }

    @Test
    void detachingASharedDeviceSplitsTheFamilyBack() {
        observe(AYSE_MAIL, TABLET);
        observe(MEHMET_MAIL, TABLET);
        assertThat(graph.profileCount()).as("two e-mails are allowed in one profile, so the tablet joined them").isEqualTo(1);

        List<ProfileChange> changes = graph.detach(TABLET, AT);

        assertThat(graph.profileCount()).isEqualTo(3);
        assertThat(graph.profileOf(AYSE_MAIL)).isNotEqualTo(graph.profileOf(MEHMET_MAIL));
        assertThat(changes).singleElement().isInstanceOfSatisfying(ProfileChange.Split.class,
                split -> assertThat(split.into()).hasSize(3));
    }

    @Test
    void aRejectedLinkCanMergeOnceASplitFreesIt() {
        IdentityGraph.Observation first = observe(AYSE, COOKIE);
        observe(MEHMET, COOKIE); // rejected: the cookie is with Ayşe
        long link = ((ProfileChange.Merged) first.changes().getFirst()).linkId();

        List<ProfileChange> changes = graph.removeLink(link, AT);

        assertThat(graph.profileOf(COOKIE)).isEqualTo(graph.profileOf(MEHMET));
        assertThat(changes).hasSize(2).anySatisfy(change -> assertThat(change).isInstanceOf(ProfileChange.Split.class))
                .anySatisfy(change -> assertThat(change).isInstanceOf(ProfileChange.Merged.class));
    }

    @Test
    void randomStreamsOfMergesAndUnmergesMatchAReplayFromScratch() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            graph = new IdentityGraph(IdentityRules.DEFAULTS.withLimit(IdentifierType.EMAIL, 2));
            List<Identifier> pool = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                pool.add(id(IdentifierType.USER_ID, "u" + i));
                pool.add(id(IdentifierType.ANONYMOUS_ID, "c" + i));
                pool.add(id(IdentifierType.EMAIL, "e" + i + "@x.com"));
                pool.add(id(IdentifierType.PHONE, "+90532000" + (1000 + i)));
            }
            for (int step = 0; step < 300; step++) {
                int roll = random.nextInt(100);
                if (roll < 80 || graph.log().isEmpty()) {
                    List<Identifier> carried = new ArrayList<>();
                    int count = random.nextInt(1, 4);
                    for (int i = 0; i < count; i++) {
                        carried.add(pool.get(random.nextInt(pool.size())));
                    }
                    if (step % 2 == 0) { // read ahead, as the identity service does for a group: it changes nothing
                        int known = graph.identifierCount();
                        graph.prefetch(carried);
                        assertThat(graph.identifierCount()).isEqualTo(known);
                    }
                    observe(carried.toArray(Identifier[]::new));
                } else if (roll < 92) {
                    long link = random.nextLong(graph.log().size());
                    if (graph.status(link) != Link.Status.REMOVED) {
                        graph.removeLink(link, AT);
                    }
                } else {
                    List<Identifier> seen = graph.identifiersInOrder();
                    graph.detach(seen.get(random.nextInt(seen.size())), AT);
                }
                if (step % 25 == 0) {
                    assertThat(graph.partition()).as("seed %d step %d", seed, step).isEqualTo(IdentityGraph.replay(graph).partition());
                }
            }
            assertThat(graph.partition()).as("seed %d", seed).isEqualTo(IdentityGraph.replay(graph).partition());
            assertInvariants(graph);
        }
    }

    /** No identifier in two profiles, limits hold, and each profile's identifiers are connected by its accepted links. */
    static void assertInvariants(IdentityGraph graph) {
        Set<Identifier> seen = new HashSet<>();
        IdentityRules rules = graph.rules();
        graph.partition().forEach((profileId, members) -> {
            for (Identifier member : members) {
                assertThat(seen.add(member)).as("%s is in one profile only", member).isTrue();
                assertThat(graph.profileOf(member)).contains(profileId);
            }
            assertThat(members.size()).isLessThanOrEqualTo(rules.maxIdentifiers());
            Map<IdentifierType, Integer> counts = new HashMap<>();
            members.forEach(member -> counts.merge(member.type(), 1, Integer::sum));
            counts.forEach((type, count) -> assertThat(count).as("%s in %s", type, profileId).isLessThanOrEqualTo(rules.limit(type)));
            Map<Identifier, List<Identifier>> accepted = new HashMap<>();
            for (Link link : graph.links(profileId)) {
                if (graph.status(link.id()) == Link.Status.ACCEPTED && members.contains(link.from()) && members.contains(link.to())) {
                    accepted.computeIfAbsent(link.from(), k -> new ArrayList<>()).add(link.to());
                    accepted.computeIfAbsent(link.to(), k -> new ArrayList<>()).add(link.from());
                }
            }
            Set<Identifier> reached = new HashSet<>();
            ArrayDeque<Identifier> queue = new ArrayDeque<>(List.of(members.iterator().next()));
            while (!queue.isEmpty()) {
                Identifier next = queue.poll();
                if (reached.add(next)) {
                    queue.addAll(accepted.getOrDefault(next, List.of()));
                }
            }
            assertThat(reached).as("profile %s is connected by its links", profileId).isEqualTo(members);
        });
        assertThat(seen).containsExactlyInAnyOrderElementsOf(graph.identifiersInOrder());
    }

    private IdentityGraph.Observation observe(Identifier... identifiers) {
        return graph.observe(List.of(identifiers), provenance());
    }

    private Provenance provenance() {
        return Provenance.event("web", "m-" + events++, Instant.parse("2026-11-22T10:00:00Z"));
    }

    private static Identifier id(IdentifierType type, String value) {
        return Identifier.of(type, value);
    }
}
