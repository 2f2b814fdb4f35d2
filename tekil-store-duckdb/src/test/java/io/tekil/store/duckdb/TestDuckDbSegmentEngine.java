package io.tekil.store.duckdb;

import io.tekil.core.store.BaseSegmentQueryEngineTest;
import io.tekil.core.store.Storage;
import java.nio.file.Path;

class TestDuckDbSegmentEngine extends BaseSegmentQueryEngineTest {
    @Override
    protected Storage openStorage(Path directory) {
        return DuckDbStorage.open(directory);
    }
}
