package io.tekil.server.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleParts;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.live.SegmentMaintainer;
import io.tekil.core.store.Storage;
import io.tekil.server.SerialWorker;
import io.tekil.server.identity.IdentityService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the real-time state of segments whose first members the bulk engine chose ({@link SegmentMaintainer#startBuild}),
 * one build at a time on its own thread, while events go on being applied.
 *
 * <p>A build reads the stored events of the rule's filters' types and names once, by profile key, then hands them
 * to the maintainer a few hundred profiles at a time. Each part is made with identity resolution paused and queued
 * on the segment worker before the pause ends: the worker applies it after every change of identity made before it
 * and before every change made after, so each key's events go to the profile that owns the key at that point of
 * the stream (a merge or split meanwhile moves them as it moves held events), and an event both read here and
 * applied live is held once. Profiles merged into or split from a waiting one wait until the last part, which
 * hands over the keys left. A failed read is logged and the build starts over after {@link #RETRY}.
 */
final class SegmentBuilds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentBuilds.class);
    /** Profiles per part: a part holds the segment worker for a few milliseconds, so changes from live events wait little behind it. */
    static final int PART = 256;
    static final Duration RETRY = Duration.ofSeconds(5);

    private final IdentityService identity;
    private final Storage storage;
    private final SegmentMaintainer maintainer;
    private final SerialWorker worker;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("tekil-segment-build").daemon().factory());
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean closed;

    SegmentBuilds(IdentityService identity, Storage storage, SegmentMaintainer maintainer, SerialWorker worker, Clock clock) {
        this.identity = requireNonNull(identity, "identity is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.maintainer = requireNonNull(maintainer, "maintainer is null");
        this.worker = requireNonNull(worker, "worker is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Queues the loading of a started build; {@code profileIds} are the profiles it waits for, as given to the maintainer. */
    void load(SegmentMaintainer.Build build, Rule rule, List<String> profileIds) {
        running.incrementAndGet();
        thread.execute(() -> {
            try {
                while (!closed && maintainer.isBuilding(build)) {
                    try {
                        long started = System.nanoTime();
                        run(build, rule, profileIds);
                        LOG.info("segment '{}' built over {} profiles in {} ms", build.segmentId(), profileIds.size(), (System.nanoTime() - started) / 1_000_000);
                        return;
                    } catch (RuntimeException e) {
                        if (closed) {
                            return;
                        }
                        LOG.error("building segment '{}' failed; it keeps its members and starts over in {} s", build.segmentId(), RETRY.toSeconds(), e);
                        Thread.sleep(RETRY);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
        });
    }

    /** Whether a build is queued or loading (its last part may still wait on the segment worker). */
    boolean busy() {
        return running.get() > 0;
    }

    private void run(SegmentMaintainer.Build build, Rule rule, List<String> profileIds) {
        List<EventFilter> filters = RuleParts.filters(rule).stream().distinct().toList();
        Map<String, List<HistoryEvent>> unread = new HashMap<>();
        if (!filters.isEmpty()) {
            storage.segments().forEachCandidate(filters, event ->
                    unread.computeIfAbsent(event.profileKey(), unused -> new ArrayList<>()).add(HistoryEvent.of(event, mapper)));
        }
        for (int from = 0; from < profileIds.size(); from += PART) {
            if (closed || !maintainer.isBuilding(build)) {
                return;
            }
            List<String> part = profileIds.subList(from, Math.min(profileIds.size(), from + PART));
            identity.paused(() -> {
                Set<String> current = new LinkedHashSet<>();
                part.forEach(id -> identity.currentId(id).ifPresent(current::add));
                List<SegmentMaintainer.Loaded> loaded = new ArrayList<>(current.size());
                for (String id : current) {
                    identity.segmentProfileOf(id).ifPresent(profile -> loaded.add(loaded(profile, unread, null)));
                }
                worker.submit(() -> maintainer.build(build, loaded, clock.instant()));
                return null;
            });
        }
        identity.paused(() -> { // the keys left: those of profiles split from a waiting one, or new since the start
            Map<String, Set<String>> keysOf = new LinkedHashMap<>();
            for (String key : unread.keySet()) {
                identity.profileOfKey(key).ifPresent(owner -> keysOf.computeIfAbsent(owner, unused -> new LinkedHashSet<>()).add(key));
            }
            List<SegmentMaintainer.Loaded> loaded = new ArrayList<>(keysOf.size());
            keysOf.forEach((owner, keys) -> identity.segmentProfileOf(owner).ifPresent(profile -> loaded.add(loaded(profile, unread, keys))));
            worker.submit(() -> {
                maintainer.build(build, loaded, clock.instant());
                maintainer.finishBuild(build, clock.instant());
            });
            return null;
        });
    }

    /** The profile's part: its traits now and the unread events of its keys (of {@code only} of them when given), taken from {@code unread}. */
    private SegmentMaintainer.Loaded loaded(SegmentProfile profile, Map<String, List<HistoryEvent>> unread, Set<String> only) {
        Map<String, List<HistoryEvent>> byKey = new HashMap<>();
        for (String key : profile.eventKeys()) {
            if (only == null || only.contains(key)) {
                List<HistoryEvent> events = unread.remove(key);
                if (events != null) {
                    byKey.put(key, events);
                }
            }
        }
        return new SegmentMaintainer.Loaded(profile.profileId(), profile.traits(), profile.computed(), byKey);
    }

    @Override
    public void close() {
        closed = true;
        thread.shutdownNow();
    }
}
