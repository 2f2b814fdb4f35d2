package io.tekil.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tekil.core.event.Channel;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.profile.Trait;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract of {@link ProfileStore}, run against every backend: saved traits read back, the latest save of an identifier wins. */
public abstract class BaseProfileStoreTest {
    private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123Z");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** A fresh, empty store. */
    protected abstract ProfileStore createStore();

    /** The same store after closing and opening its storage again, for backends that persist; else the same instance. */
    protected abstract ProfileStore reopen();

    @Test
    void savedTraitsReadBackValueForValue() {
        Identifier ayse = Identifier.of(IdentifierType.EMAIL, "ayşe.ince@example.com");
        Identifier cookie = Identifier.of(IdentifierType.ANONYMOUS_ID, "c-1");
        List<Trait> traits = List.of(
                new Trait("city", JSON.textNode("İzmir"), "crm", Channel.CRM, AT),
                new Trait("age", JSON.numberNode(34), "web-shop", Channel.WEB, AT.plusSeconds(1)),
                new Trait("vip", JSON.booleanNode(true), "web-shop", Channel.WEB, AT),
                new Trait("address", JSON.objectNode().put("street", "Kıbrıs Şehitleri Cd. 12").put("postalCode", "35220"), "pos", Channel.STORE, AT));
        ProfileStore store = createStore();
        Map<Identifier, List<Trait>> saved = new LinkedHashMap<>();
        saved.put(ayse, traits);
        saved.put(cookie, List.of(new Trait("city", JSON.textNode("Ankara"), "web-shop", Channel.WEB, AT)));
        store.saveTraits(saved);

        assertThat(load(reopen())).isEqualTo(saved);
    }

    @Test
    void theLatestSaveOfAnIdentifierReplacesTheEarlierOnes() {
        Identifier ayse = Identifier.of(IdentifierType.USER_ID, "u-1");
        ProfileStore store = createStore();
        store.saveTraits(Map.of(ayse, List.of(new Trait("city", JSON.textNode("Ankara"), "web", Channel.WEB, AT))));
        store.saveTraits(Map.of(ayse, List.of(new Trait("city", JSON.textNode("İzmir"), "web", Channel.WEB, AT.plusSeconds(60)),
                new Trait("gender", JSON.textNode("female"), "crm", Channel.CRM, AT))));
        store = reopen();
        store.saveTraits(Map.of());

        assertThat(load(store)).containsOnlyKeys(ayse);
        assertThat(load(store).get(ayse)).extracting(trait -> trait.value().asText()).containsExactly("İzmir", "female");
    }

    private static Map<Identifier, List<Trait>> load(ProfileStore store) {
        Map<Identifier, List<Trait>> loaded = new LinkedHashMap<>();
        store.loadTraits((identifier, traits) -> assertThat(loaded.put(identifier, traits)).as("each identifier once").isNull());
        return loaded;
    }
}
