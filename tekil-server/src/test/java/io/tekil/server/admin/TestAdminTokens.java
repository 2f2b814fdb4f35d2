package io.tekil.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.core.store.SettingsStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestAdminTokens {
    /** Settings in a map; the real stores are covered by the storage conformance suites. */
    private static final class TestingSettings implements SettingsStore {
        final Map<String, String> values = new HashMap<>();

        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key));
        }

        @Override
        public void put(String key, String value) {
            values.put(key, value);
        }
    }

    @Test
    void firstStartGeneratesATokenAndStoresOnlyItsHash() {
        TestingSettings settings = new TestingSettings();
        AdminTokens.Loaded first = AdminTokens.initialize(settings, "");
        String token = ((AdminTokens.Initialization.Generated) first.initialization()).token();
        assertThat(token).startsWith("tka_");
        assertThat(settings.values.values()).noneMatch(value -> value.contains(token));
        assertThat(first.tokens().verify(token)).isTrue();

        AdminTokens.Loaded second = AdminTokens.initialize(settings, "");
        assertThat(second.initialization()).isInstanceOf(AdminTokens.Initialization.Existing.class);
        assertThat(second.tokens().verify(token)).isTrue();
        assertThat(second.tokens().verify("tka_wrong")).isFalse();
        assertThat(second.tokens().verify(null)).isFalse();
    }

    @Test
    void configuredTokenReplacesTheStoredOne() {
        TestingSettings settings = new TestingSettings();
        String generated = ((AdminTokens.Initialization.Generated) AdminTokens.initialize(settings, "").initialization()).token();
        AdminTokens.Loaded configured = AdminTokens.initialize(settings, "from-env");
        assertThat(configured.initialization()).isInstanceOf(AdminTokens.Initialization.Configured.class);
        assertThat(configured.tokens().verify("from-env")).isTrue();
        assertThat(configured.tokens().verify(generated)).isFalse();
    }

    @Test
    void resetInvalidatesTheOldToken() {
        TestingSettings settings = new TestingSettings();
        AdminTokens tokens = AdminTokens.initialize(settings, "").tokens();
        String old = tokens.reset();
        String renewed = tokens.reset();
        assertThat(tokens.verify(old)).isFalse();
        assertThat(AdminTokens.initialize(settings, "").tokens().verify(renewed)).isTrue();
    }
}
