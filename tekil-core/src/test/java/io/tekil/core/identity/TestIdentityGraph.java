package io.tekil.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private static final IdentifierType TCKN_HASH = IdentifierType.of("tckn_hash");
    /** Rules for the random streams: tight limits and caps make conflicts common; the third leaves types out of its priority. */
    private static final List<IdentityRules> RANDOM_RULES = List.of(
            IdentityRules.DEFAULTS.withLimit(IdentifierType.EMAIL, 2),
            new IdentityRules(IdentityRules.DEFAULTS.priority(), Map.of(IdentifierType.USER_ID, 1, IdentifierType.EMAIL, 2,
                    IdentifierType.PHONE, 2, IdentifierType.DEVICE_ID, 1), 6),
            new IdentityRules(List.of(IdentifierType.LOYALTY_ID, IdentifierType.PHONE, IdentifierType.USER_ID, IdentifierType.EMAIL),
                    Map.of(IdentifierType.LOYALTY_ID, 1, IdentifierType.USER_ID, 2, TCKN_HASH, 1), 5));
    private static final String[] FIRST = {"ayşe", "mehmet", "çağrı", "gökhan", "şule", "ümit", "ılgın", "özge", "i̇brahim", "doğan"};
    private static final String[] LAST = {"yılmaz", "kaya", "öztürk", "şahin", "çelik", "doğru", "ağaoğlu", "güneş"};
    /** Twenty-four people, each with these identifiers; every three share a family tablet. */
    private static final int PERSON_IDENTIFIERS = 7;
    private static final List<List<Identifier>> PEOPLE = people(24);

    private IdentityGraph graph = new IdentityGraph(IdentityRules.DEFAULTS);
    private int events;
    /** Every event {@link #observe} gave the graph, and the primary identifier the graph chose for it. */
    private final List<IdentityInvariants.ObservedEvent> observed = new ArrayList<>();
    private final List<Identifier> primaries = new ArrayList<>();

    @AfterEach
    void invariantsHold() {
        assertThat(IdentityInvariants.check(graph, observed)).isEmpty();
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
        assertThat(IdentityInvariants.check(capped)).isEmpty();
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
    void randomStreamsOfMergesAndUnmergesMatchAReferenceComputedFromScratch() {
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            IdentityRules rules = RANDOM_RULES.get((int) (seed % RANDOM_RULES.size()));
            graph = new IdentityGraph(rules);
            observed.clear();
            primaries.clear();
            ReferencePartition reference = new ReferencePartition(rules);
            for (int step = 0; step < 300; step++) {
                int roll = random.nextInt(100);
                IdentityGraph.Observation observation = null;
                if (roll < 75 || reference.links().isEmpty()) {
                    List<Identifier> carried = randomEvent(random);
                    if (step % 2 == 0) { // read ahead, as the identity service does for a group: it changes nothing
                        int known = graph.identifierCount();
                        graph.prefetch(carried);
                        assertThat(graph.identifierCount()).isEqualTo(known);
                    }
                    reference.observe(carried);
                    observation = observe(carried.toArray(Identifier[]::new));
                } else if (roll < 80) { // a manual (or probabilistic) link, perhaps between identifiers never seen
                    Identifier a = PEOPLE.get(random.nextInt(PEOPLE.size())).get(random.nextInt(PERSON_IDENTIFIERS));
                    Identifier b = PEOPLE.get(random.nextInt(PEOPLE.size())).get(random.nextInt(PERSON_IDENTIFIERS));
                    reference.link(a, b);
                    graph.link(a, b, new Provenance("operator", null, "manual", Instant.parse("2026-11-22T10:00:00Z")));
                } else if (roll < 92) {
                    int link = random.nextInt(reference.links().size());
                    if (!reference.isRemoved(link)) {
                        reference.removeLink(link);
                        graph.removeLink(link, AT);
                    }
                } else {
                    List<Identifier> seen = reference.seen();
                    Identifier detached = seen.get(random.nextInt(seen.size()));
                    reference.detach(detached);
                    graph.detach(detached, AT);
                }
                if (step % 4 == 0 || step == 299) { // not after every step: the reference replays everything from scratch
                    assertSameAsReference(reference, observation, String.format("seed %d step %d", seed, step));
                }
            }
            assertThat(graph.partition()).as("seed %d", seed).isEqualTo(replay(graph).partition());
            assertThat(IdentityInvariants.check(graph, observed)).as("seed %d", seed).isEmpty();
        }
    }

    /**
     * Identifiers, log, link statuses, profiles with their ids, the profile of every event observed so far, and what the
     * graph answered for the event of this step, if it was one.
     */
    private void assertSameAsReference(ReferencePartition reference, IdentityGraph.Observation observation, String at) {
        ReferencePartition.Replay expected = reference.replay();
        if (observation != null) {
            Identifier primary = reference.primary(observed.getLast().identifiers());
            assertThat(observation.primary()).as("%s: the event's primary identifier", at).isEqualTo(primary);
            assertThat(observation.profileId()).as("%s: the event's profile", at).isEqualTo(expected.profileOf().get(primary));
        }
        assertThat(graph.identifiersInOrder()).as("%s: identifiers in the order first seen", at).isEqualTo(reference.seen());
        assertThat(graph.log()).as("%s: the link log", at).extracting(link -> List.of(link.from(), link.to())).isEqualTo(reference.links());
        assertThat(graph.log()).as("%s: link statuses", at).extracting(link -> graph.status(link.id())).isEqualTo(expected.statuses());
        assertThat(graph.partition()).as("%s: profiles and their ids", at).isEqualTo(expected.partition());
        Map<String, String> attributed = new LinkedHashMap<>();
        Map<String, String> expectedAttribution = new LinkedHashMap<>();
        for (int event = 0; event < observed.size(); event++) {
            String name = observed.get(event).event();
            attributed.put(name, graph.profileOf(primaries.get(event)).orElse("none"));
            expectedAttribution.put(name, expected.profileOf().get(reference.primary(observed.get(event).identifiers())));
        }
        assertThat(attributed).as("%s: the profile each event belongs to now", at).isEqualTo(expectedAttribution);
    }

    /** Mostly one person's identifiers, sometimes anyone's (a shared tablet, an e-mail typed on the wrong receipt). */
    private static List<Identifier> randomEvent(SplittableRandom random) {
        List<Identifier> person = PEOPLE.get(random.nextInt(PEOPLE.size()));
        List<Identifier> carried = new ArrayList<>();
        for (int i = random.nextInt(1, 4); i > 0; i--) {
            List<Identifier> whose = random.nextInt(10) < 7 ? person : PEOPLE.get(random.nextInt(PEOPLE.size()));
            carried.add(whose.get(random.nextInt(PERSON_IDENTIFIERS)));
        }
        return carried;
    }

    /**
     * The graph a from-scratch replay of {@code source} gives, through its public operations: the same identifiers in
     * the same first-seen order, then every non-removed link in log order.
     */
    private static IdentityGraph replay(IdentityGraph source) {
        IdentityGraph replayed = new IdentityGraph(source.rules());
        for (Identifier identifier : source.identifiersInOrder()) {
            replayed.observe(List.of(identifier), Provenance.event("replay", null, AT));
        }
        for (Link link : source.log()) {
            if (source.status(link.id()) != Link.Status.REMOVED) {
                replayed.link(link.from(), link.to(), link.provenance());
            }
        }
        return replayed;
    }

    private IdentityGraph.Observation observe(Identifier... identifiers) {
        Provenance provenance = provenance();
        IdentityGraph.Observation observation = graph.observe(List.of(identifiers), provenance);
        observed.add(new IdentityInvariants.ObservedEvent(provenance.messageId(), List.of(identifiers)));
        primaries.add(observation.primary());
        return observation;
    }

    private Provenance provenance() {
        return Provenance.event("web", "m-" + events++, Instant.parse("2026-11-22T10:00:00Z"));
    }

    private static List<List<Identifier>> people(int count) {
        List<List<Identifier>> people = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String first = FIRST[i % FIRST.length];
            String last = LAST[(i * 5) % LAST.length];
            people.add(List.of(
                    id(IdentifierType.USER_ID, "u-" + first + "-" + i),
                    id(IdentifierType.EMAIL, first + "." + last + i + "@örnek.com.tr"),
                    id(IdentifierType.PHONE, String.format("+90532%07d", 1_234_000 + i)),
                    id(IdentifierType.ANONYMOUS_ID, "c-" + last + "-" + i),
                    id(IdentifierType.DEVICE_ID, "d-aile-tableti-" + i / 3),
                    id(IdentifierType.LOYALTY_ID, String.format("L%010d", 12_345 + i)),
                    id(TCKN_HASH, "h" + Integer.toHexString((first + last + i).hashCode()))));
        }
        return people;
    }

    private static Identifier id(IdentifierType type, String value) {
        return Identifier.of(type, value);
    }
}
