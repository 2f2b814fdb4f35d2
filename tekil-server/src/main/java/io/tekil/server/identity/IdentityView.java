package io.tekil.server.identity;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.MergeHistory;
import io.tekil.core.identity.Provenance;
import java.util.List;
import java.util.Map;

/**
 * A profile's identity as {@code GET /api/profiles/{id}/identity} shows it: the profile with its links and their
 * decisions, where each identifier was first seen (missing for identifiers stored before sightings were kept), and
 * the merges that made it.
 */
public record IdentityView(ProfileView profile, Map<Identifier, Provenance> firstSeen, List<MergeHistory.Merge> merges) {
    public IdentityView {
        firstSeen = Map.copyOf(firstSeen);
        merges = List.copyOf(merges);
    }
}
