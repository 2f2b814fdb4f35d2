package io.tekil.core.store;

import io.tekil.core.identity.Identifier;
import io.tekil.core.profile.Trait;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The traits each identifier holds (see {@link io.tekil.core.profile.ProfileTraits}); profiles themselves are
 * derived, never stored.
 *
 * <p>Failures are {@link io.tekil.core.error.TekilException}s of category {@code UNAVAILABLE}.
 */
public interface ProfileStore {
    /** Durably replaces the traits of every identifier in {@code changed} with the given lists, in one transaction. */
    void saveTraits(Map<Identifier, List<Trait>> changed);

    /** Calls {@code consumer} with every identifier's saved traits, each identifier once. */
    void loadTraits(BiConsumer<Identifier, List<Trait>> consumer);
}
