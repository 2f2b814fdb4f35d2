package io.tekil.core.store;

import io.tekil.core.event.Source;
import java.util.List;
import java.util.Optional;

/** The sources events may come from. */
public interface SourceStore {
    /**
     * Durably adds a source.
     *
     * @throws io.tekil.core.error.TekilException of category {@code CONFLICT} when the name or write key is taken
     */
    void create(Source source);

    /** All sources, by name. */
    List<Source> list();

    Optional<Source> findByName(String name);
}
