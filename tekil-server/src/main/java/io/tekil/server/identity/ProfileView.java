package io.tekil.server.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Event;
import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.Link;
import io.tekil.core.profile.Trait;
import java.util.List;
import java.util.Map;

/** A profile as the API shows it: its identifiers (strongest first), merged traits by name, and links when asked for. */
public record ProfileView(String id, String requestedId, List<Identifier> identifiers, Map<String, Trait> traits, List<ProfileView.LinkView> links) {
    /**
     * One of a profile's links, with its status.
     *
     * @param rejection why a rejected link merged nothing (the limit it would have broken), else null
     * @param removedAt when an unmerge removed the link, else null
     */
    public record LinkView(Link link, Link.Status status, String rejection, java.time.Instant removedAt) {}

    /** The profile keys of its events (see {@link Event#profileKey}). */
    public List<String> eventKeys() {
        return identifiers.stream().map(Identifier::key).toList();
    }

    /** Merged traits as one JSON object, trait name to value. */
    public static ObjectNode traitObject(Map<String, Trait> merged) {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        merged.forEach((name, trait) -> object.set(name, trait.value()));
        return object;
    }
}
