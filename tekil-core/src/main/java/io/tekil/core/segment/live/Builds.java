package io.tekil.core.segment.live;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The segments being built, by id, and the profiles each build still waits for: until a build loads a profile's
 * history (or finishes), the profile keeps the member status the bulk engine gave it for that segment and is not
 * checked against it. Not thread-safe: the maintainer's lock guards it.
 */
final class Builds {
    private final Map<String, SegmentBuild> builds = new HashMap<>();

    /** Starts the build of {@code segmentId} (replacing any), waiting for each of {@code profileIds}. */
    SegmentBuild start(String segmentId, Set<String> profileIds) {
        SegmentBuild build = new SegmentBuild(segmentId, profileIds);
        builds.put(segmentId, build);
        return build;
    }

    /** Ends the build of the segment, if any: saved again, removed, finished. */
    void end(String segmentId) {
        builds.remove(segmentId);
    }

    /** Whether {@code build} is still the build of its segment. */
    boolean isCurrent(SegmentBuild build) {
        return builds.get(build.segmentId()) == build;
    }

    boolean any() {
        return !builds.isEmpty();
    }

    boolean building(String segmentId) {
        return builds.containsKey(segmentId);
    }

    /** Whether some build keeps the profile unchecked. */
    boolean waitingAnywhere(String profileId) {
        for (SegmentBuild build : builds.values()) {
            if (build.waitsFor(profileId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a build keeps {@code segmentId} unchecked for the profile. */
    boolean waiting(String segmentId, String profileId) {
        if (builds.isEmpty()) {
            return false;
        }
        SegmentBuild build = builds.get(segmentId);
        return build != null && build.waitsFor(profileId);
    }

    /** The profile's waiting carries over to {@code to} (merged into it, or split from it). */
    void waitAlso(String from, String to) {
        for (SegmentBuild build : builds.values()) {
            if (build.waitsFor(from)) {
                build.alsoWaitFor(to);
            }
        }
    }
}
