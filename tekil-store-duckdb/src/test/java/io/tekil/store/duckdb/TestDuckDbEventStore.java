package io.tekil.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.store.BaseEventStoreTest;
import io.tekil.core.store.Storage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TestDuckDbEventStore extends BaseEventStoreTest {
    @Override
    protected Storage openStorage(Path directory) {
        return DuckDbStorage.open(directory);
    }

    @Test
    void unusableDirectoryIsUnavailableWithThePath() throws Exception {
        Path file = directory.resolve("not-a-directory");
        java.nio.file.Files.writeString(file, "x");
        assertThatThrownBy(() -> DuckDbStorage.open(file))
                .isInstanceOfSatisfying(TekilException.class, e -> assertThat(e.category()).isEqualTo(ErrorCategory.UNAVAILABLE))
                .hasMessageContaining("not-a-directory");
    }
}
