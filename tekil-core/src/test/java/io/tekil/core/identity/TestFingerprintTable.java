package io.tekil.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestFingerprintTable {
    @Test
    void findsWhatItStoredAcrossGrowthAndNothingElse() {
        FingerprintTable<Integer> table = new FingerprintTable<>();
        Map<Identifier, Integer> reference = new HashMap<>();
        Random random = new Random(17);
        IdentifierType[] types = {IdentifierType.EMAIL, IdentifierType.ANONYMOUS_ID, IdentifierType.USER_ID, new IdentifierType("tckn_hash")};
        for (int i = 0; i < 20_000; i++) { // grows the table several times
            IdentifierType type = types[random.nextInt(types.length)];
            Identifier identifier = new Identifier(type, "v" + random.nextInt(15_000));
            if (!reference.containsKey(identifier)) {
                table.putNew(identifier, i);
                reference.put(identifier, i);
            }
            Identifier probe = new Identifier(types[random.nextInt(types.length)], "v" + random.nextInt(15_000));
            assertThat(table.get(probe)).isEqualTo(reference.get(probe));
        }
        assertThat(table.size()).isEqualTo(reference.size());
        reference.forEach((identifier, value) -> assertThat(table.get(new Identifier(identifier.type(), identifier.value()))).isEqualTo(value));
        Set<Integer> values = new HashSet<>();
        table.forEachValue(values::add);
        assertThat(values).containsExactlyInAnyOrderElementsOf(reference.values());
    }

    @Test
    void keepsTheSameValueUnderAnotherTypeApart() {
        FingerprintTable<String> table = new FingerprintTable<>();
        table.putNew(Identifier.of(IdentifierType.USER_ID, "42"), "user");
        table.putNew(Identifier.of(IdentifierType.CRM_ID, "42"), "crm");
        assertThat(table.get(Identifier.of(IdentifierType.USER_ID, "42"))).isEqualTo("user");
        assertThat(table.get(Identifier.of(IdentifierType.CRM_ID, "42"))).isEqualTo("crm");
        assertThat(table.get(Identifier.of(IdentifierType.LOYALTY_ID, "42"))).isNull();
        // text that differs only in a Turkish letter
        table.putNew(Identifier.of(IdentifierType.EMAIL, "ayşe.ince@example.com"), "e-mail");
        assertThat(table.get(Identifier.of(IdentifierType.EMAIL, "ayse.ince@example.com"))).isNull();
    }

    @Test
    void refusesAnIdentifierStoredAlready() {
        FingerprintTable<String> table = new FingerprintTable<>();
        table.putNew(Identifier.of(IdentifierType.EMAIL, "a@b.com"), "first");
        assertThatThrownBy(() -> table.putNew(Identifier.of(IdentifierType.EMAIL, "a@b.com"), "second"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("email:a@b.com");
        assertThat(table.get(Identifier.of(IdentifierType.EMAIL, "a@b.com"))).isEqualTo("first");
        assertThat(table.size()).isEqualTo(1);
    }
}
