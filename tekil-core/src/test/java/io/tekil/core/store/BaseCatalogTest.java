package io.tekil.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract every backend's {@link SourceStore} and {@link SettingsStore} pass. */
public abstract class BaseCatalogTest {
    private static final Instant T0 = Instant.parse("2026-11-20T09:30:00Z");

    @TempDir
    protected Path directory;

    protected abstract Storage openStorage(Path directory);

    @Test
    public void sourcesAreListedByNameAndSurviveReopening() {
        Source pos = new Source("magaza-pos", Channel.STORE, "wk-pos", T0);
        Source web = new Source("web-shop", Channel.WEB, "wk-web", T0.plusSeconds(1));
        try (Storage storage = openStorage(directory)) {
            storage.sources().create(web);
            storage.sources().create(pos);
            assertThat(storage.sources().list()).containsExactly(pos, web);
        }
        try (Storage storage = openStorage(directory)) {
            assertThat(storage.sources().findByName("web-shop")).contains(web);
            assertThat(storage.sources().findByName("nope")).isEmpty();
        }
    }

    @Test
    public void duplicateSourceNameIsAConflict() {
        try (Storage storage = openStorage(directory)) {
            storage.sources().create(new Source("web", Channel.WEB, "wk-1", T0));
            assertThatThrownBy(() -> storage.sources().create(new Source("web", Channel.MOBILE, "wk-2", T0)))
                    .isInstanceOfSatisfying(TekilException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.CONFLICT))
                    .hasMessageContaining("'web' already exists");
            assertThat(storage.sources().list()).hasSize(1);
        }
    }

    @Test
    public void settingsAreReplacedAndSurviveReopening() {
        try (Storage storage = openStorage(directory)) {
            assertThat(storage.settings().get("admin.token.sha256")).isEmpty();
            storage.settings().put("admin.token.sha256", "a");
            storage.settings().put("admin.token.sha256", "b");
        }
        try (Storage storage = openStorage(directory)) {
            assertThat(storage.settings().get("admin.token.sha256")).contains("b");
        }
    }
}
