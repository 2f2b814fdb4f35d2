package io.tekil.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tekil.core.event.Channel;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TestProfileTraits {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Identifier EMAIL = Identifier.of(IdentifierType.EMAIL, "ayse@example.com");
    private static final Identifier COOKIE = Identifier.of(IdentifierType.ANONYMOUS_ID, "c-1");
    private static final Identifier CRM = Identifier.of(IdentifierType.CRM_ID, "C100234");

    private static Trait trait(String name, String value, String source, Channel channel, long minutes) {
        return new Trait(name, JSON.textNode(value), source, channel, T0.plusSeconds(minutes * 60));
    }

    @Test
    void theLatestValueWinsUnlessASourceHasPriority() {
        ProfileTraits traits = new ProfileTraits(TraitRules.parse("birthday=crm, store"));
        traits.offer(CRM, trait("birthday", "1990-04-15", "crm-export", Channel.CRM, 0));
        traits.offer(EMAIL, trait("birthday", "1990-05-14", "web", Channel.WEB, 60));
        traits.offer(CRM, trait("city", "Bursa", "crm-export", Channel.CRM, 0));
        traits.offer(EMAIL, trait("city", "İzmir", "web", Channel.WEB, 60));
        traits.offer(COOKIE, trait("birthday", "1991-01-01", "pos", Channel.STORE, 120));

        Map<String, Trait> merged = traits.merged(List.of(EMAIL, COOKIE, CRM));
        assertThat(merged.get("birthday").value().asText()).as("the CRM channel outranks the store and the web").isEqualTo("1990-04-15");
        assertThat(merged.get("city").value().asText()).isEqualTo("İzmir");
        assertThat(traits.merged(List.of(EMAIL, COOKIE)).get("birthday").value().asText()).as("store outranks web").isEqualTo("1991-01-01");
        assertThat(traits.merged(List.of(EMAIL)).get("birthday").value().asText()).isEqualTo("1990-05-14");
    }

    @Test
    void anOlderValueNeverReplacesANewerOneAndOfferingTwiceChangesNothing() {
        ProfileTraits traits = new ProfileTraits(TraitRules.LATEST_WINS);
        assertThat(traits.offer(EMAIL, trait("city", "İzmir", "web", Channel.WEB, 10))).isTrue();
        assertThat(traits.offer(EMAIL, trait("city", "Ankara", "web", Channel.WEB, 5))).isFalse();
        assertThat(traits.offer(EMAIL, trait("city", "İzmir", "web", Channel.WEB, 10))).isFalse();
        assertThat(traits.drainUnsaved()).containsOnlyKeys(EMAIL);
        assertThat(traits.drainUnsaved()).isEmpty();
        assertThat(traits.of(EMAIL)).extracting(trait -> trait.value().asText()).containsExactly("İzmir");
    }

    /** The shown value depends neither on the order events came in nor on how identifiers were grouped. */
    @Test
    void theMergedTraitsDoNotDependOnArrivalOrderOrGrouping() {
        Random random = new Random(42);
        List<String> sources = List.of("web", "app", "crm-export", "pos");
        List<Channel> channels = List.of(Channel.WEB, Channel.MOBILE, Channel.CRM, Channel.STORE);
        List<Identifier> owners = List.of(EMAIL, COOKIE, CRM);
        for (int round = 0; round < 200; round++) {
            List<Map.Entry<Identifier, Trait>> offers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int s = random.nextInt(sources.size());
                offers.add(Map.entry(owners.get(random.nextInt(3)), trait(random.nextBoolean() ? "city" : "birthday",
                        "v" + random.nextInt(4), sources.get(s), channels.get(s), random.nextInt(5))));
            }
            TraitRules rules = TraitRules.parse("birthday=crm");
            ProfileTraits inOrder = new ProfileTraits(rules);
            offers.forEach(offer -> inOrder.offer(offer.getKey(), offer.getValue()));
            Collections.shuffle(offers, random);
            ProfileTraits shuffled = new ProfileTraits(rules);
            offers.forEach(offer -> shuffled.offer(offer.getKey(), offer.getValue()));
            ProfileTraits oneOwner = new ProfileTraits(rules);
            offers.forEach(offer -> oneOwner.offer(EMAIL, offer.getValue()));

            Map<String, Trait> expected = inOrder.merged(owners);
            assertThat(shuffled.merged(List.of(CRM, COOKIE, EMAIL))).isEqualTo(expected);
            assertThat(oneOwner.merged(List.of(EMAIL))).isEqualTo(expected);
        }
    }

    @Test
    void malformedPrioritiesAreReportedAllAtOnce() {
        assertThatThrownBy(() -> TraitRules.parse("birthday; city=; city=crm; city=pos"))
                .hasMessageContaining("'birthday' is not of the form trait=source,source")
                .hasMessageContaining("'city=' is not of the form")
                .hasMessageContaining("trait 'city' is listed twice")
                .hasMessageContaining("example: birthday=crm,store");
        assertThat(TraitRules.parse(" ").priorities()).isEmpty();
    }
}
