package io.tekil.core.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How a live profile came to be, as the decisions derived from the link log make it (the graph keeps no separate
 * record of merges: they are derived, so they can never disagree with the profiles).
 *
 * <p>The profile's accepted links are taken in log order over its identifiers; each that joins two parts of it is a
 * merge, of the part founded earlier (the survivor, whose id the merged part keeps) and the other (whose id now
 * resolves to the survivor). Unmerges that touched the profile are its {@link Link.Status#REMOVED} links, with
 * {@link IdentityGraph#removedAt}; links refused by a limit are its {@link Link.Status#REJECTED} ones, with
 * {@link IdentityGraph#rejection}.
 */
public final class MergeHistory {
    private MergeHistory() {}

    /** One merge: the link that joined the profiles {@code survivor} and {@code absorbed}. */
    public record Merge(Link link, String survivor, String absorbed) {}

    /** The merges of a live profile in log order; empty for a profile of one identifier or no such live profile. */
    public static List<Merge> of(IdentityGraph graph, String profileId) {
        Map<Identifier, Identifier> parent = new HashMap<>(); // union-find; a part's root is its founder
        List<Merge> merges = new ArrayList<>();
        for (Link link : graph.links(profileId)) {
            if (graph.status(link.id()) != Link.Status.ACCEPTED) {
                continue;
            }
            Identifier a = root(parent, link.from());
            Identifier b = root(parent, link.to());
            if (!a.equals(b)) {
                Identifier survivor = graph.position(a).getAsLong() < graph.position(b).getAsLong() ? a : b;
                Identifier absorbed = survivor == a ? b : a;
                parent.put(absorbed, survivor);
                merges.add(new Merge(link, IdentityGraph.profileIdOf(survivor), IdentityGraph.profileIdOf(absorbed)));
            }
        }
        return merges;
    }

    private static Identifier root(Map<Identifier, Identifier> parent, Identifier identifier) {
        Identifier root = identifier;
        for (Identifier up = parent.get(root); up != null; up = parent.get(root)) {
            root = up;
        }
        return root;
    }
}
