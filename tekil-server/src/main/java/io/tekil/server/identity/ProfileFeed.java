package io.tekil.server.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Event;
import io.tekil.core.identity.ProfileChange;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What follows identity resolution (segments, destinations): every merge and split as a {@link ProfileChange}, and
 * for consumers that keep per-profile state, every resolved event with the profile it landed on, trait changes,
 * and merges and splits with the traits and event keys of the profiles that result. Called in order on the thread
 * that made the change (the identity thread, or an API request's) while it holds the identity service's monitor:
 * a feed must be quick and must not call back into the service. Nothing is replayed to a late subscriber: a
 * consumer that must resume where it left off reads the merges and splits stored with the identity log instead
 * ({@link io.tekil.core.store.IdentityStore#changes}, {@code GET /api/profiles/changes}). A feed
 * that throws is logged and does not stop resolution.
 */
public interface ProfileFeed {
    /** A merge or a split. */
    default void change(ProfileChange change) {}

    /** An event resolved onto {@code profileId}. */
    default void event(String profileId, Event event) {}

    /** The profile's traits changed; {@code traits} builds the merged traits when called (it costs a little). */
    default void traits(String profileId, Supplier<ObjectNode> traits) {}

    default void merged(String survivor, String absorbed, Supplier<ObjectNode> traits) {}

    /** {@code parts}: each resulting profile's id, event keys and traits. */
    default void split(String from, List<Part> parts) {}

    record Part(String profileId, Set<String> eventKeys, ObjectNode traits) {}
}
