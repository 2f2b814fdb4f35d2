package io.tekil.store.duckdb;

import io.tekil.core.store.BaseCatalogTest;
import io.tekil.core.store.Storage;
import java.nio.file.Path;

class TestDuckDbCatalog extends BaseCatalogTest {
    @Override
    protected Storage openStorage(Path directory) {
        return DuckDbStorage.open(directory);
    }
}
