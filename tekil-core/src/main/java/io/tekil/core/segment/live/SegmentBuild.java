package io.tekil.core.segment.live;

import java.util.List;
import java.util.Set;

/**
 * A segment being built: its rule is active, but its profiles whose history has not been loaded yet keep the members
 * the bulk engine chose ({@link SegmentMaintainer#startBuild}) and are not checked against it; see
 * {@link SegmentMaintainer#build}. The maintainer's lock guards it.
 */
public final class SegmentBuild {
    private final String segmentId;
    /** The profiles whose history the build has not loaded yet. */
    private final CompactSet waiting = new CompactSet();

    SegmentBuild(String segmentId, Set<String> profileIds) {
        this.segmentId = segmentId;
        profileIds.forEach(waiting::add);
    }

    public String segmentId() {
        return segmentId;
    }

    boolean waitsFor(String profileId) {
        return waiting.contains(profileId);
    }

    void alsoWaitFor(String profileId) {
        waiting.add(profileId);
    }

    void loaded(String profileId) {
        waiting.remove(profileId);
    }

    /** Stops waiting; returns the profiles it still waited for. */
    List<String> stopWaiting() {
        List<String> left = List.copyOf(waiting);
        waiting.clear();
        return left;
    }
}
