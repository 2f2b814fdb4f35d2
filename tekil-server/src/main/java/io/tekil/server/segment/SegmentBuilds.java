package io.tekil.server.segment;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.HistoryEvent;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleParts;
import io.tekil.core.segment.SegmentProfile;
import io.tekil.core.segment.live.SegmentBuild;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
 * hands over the keys left. At most {@value #OUTSTANDING} parts wait on the worker at a time, so live events and
 * the clock's advances wait behind one part at most, not behind the rest of the build. A build that fails (the
 * read, or a part on the worker) starts over, up to {@value #ATTEMPTS} times, {@link #RETRY} apart and more each
 * time (loading a profile twice holds each event once); then it is given up and the error kept for the
 * segment's view: its waiting profiles keep their first members until the segment is saved again or the server
 * restarts.
 */
final class SegmentBuilds implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentBuilds.class);
    /** Profiles per part: a part holds identity and then the segment worker for a few milliseconds, so live events wait little behind it. */
    static final int PART = 64;
    static final Duration RETRY = Duration.ofSeconds(5);
    static final int ATTEMPTS = 5;
    static final int OUTSTANDING = 2;

    private final IdentityService identity;
    private final Storage storage;
    private final SegmentMaintainer maintainer;
    private final SerialWorker worker;
    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("tekil-segment-build").daemon().factory());
    private final AtomicInteger running = new AtomicInteger();
    /** Parts queued on the worker and not applied yet take one permit each. */
    private final Semaphore outstanding = new Semaphore(OUTSTANDING);
    /** The first error of a part on the worker in the current attempt. */
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    /** Segments whose last build was given up, with why. */
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private volatile boolean closed;

    SegmentBuilds(IdentityService identity, Storage storage, SegmentMaintainer maintainer, SerialWorker worker, Clock clock) {
        this.identity = requireNonNull(identity, "identity is null");
        this.storage = requireNonNull(storage, "storage is null");
        this.maintainer = requireNonNull(maintainer, "maintainer is null");
        this.worker = requireNonNull(worker, "worker is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Queues the loading of a started build; {@code profileIds} are the profiles it waits for, as given to the maintainer. */
    void load(SegmentBuild build, Rule rule, List<String> profileIds) {
        if (closed) {
            throw new IllegalStateException("the server is stopping: segments are not built any more");
        }
        failed.remove(build.segmentId());
        running.incrementAndGet();
        try {
            thread.execute(() -> attempts(build, rule, profileIds));
        } catch (RuntimeException e) {
            running.decrementAndGet();
            throw e;
        }
    }

    private void attempts(SegmentBuild build, Rule rule, List<String> profileIds) {
        try {
            for (int attempt = 1; !closed && maintainer.isBuilding(build); attempt++) {
                try {
                    long started = System.nanoTime();
                    run(build, rule, profileIds);
                    if (!maintainer.isBuilding(build)) {
                        LOG.info("segment '{}' built over {} profiles in {} ms", build.segmentId(), profileIds.size(), (System.nanoTime() - started) / 1_000_000);
                    }
                    return; // built, or superseded (saved again, deleted)
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    if (attempt == ATTEMPTS) {
                        failed.put(build.segmentId(), String.valueOf(e.getMessage()));
                        LOG.error("building segment '{}' failed {} times and is given up: profiles not loaded keep their first members until the "
                                + "segment is saved again or the server restarts", build.segmentId(), ATTEMPTS, e);
                        return;
                    }
                    Duration wait = RETRY.multipliedBy(attempt);
                    LOG.error("building segment '{}' failed (attempt {} of {}); it keeps its members and starts over in {} s", build.segmentId(), attempt,
                            ATTEMPTS, wait.toSeconds(), e);
                    Thread.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }

    /** Whether a build is queued or loading (its last part may still wait on the segment worker). */
    boolean busy() {
        return running.get() > 0;
    }

    /** Why the segment's last build was given up; empty when it was not. */
    Optional<String> failure(String segmentId) {
        return Optional.ofNullable(failed.get(segmentId));
    }

    private void run(SegmentBuild build, Rule rule, List<String> profileIds) throws InterruptedException {
        failure.set(null);
        Map<String, List<HistoryEvent>> unread = historyByKey(storage, List.of(rule), mapper);
        for (int from = 0; from < profileIds.size(); from += PART) {
            if (closed || !maintainer.isBuilding(build)) {
                return;
            }
            throwFailure();
            List<String> part = profileIds.subList(from, Math.min(profileIds.size(), from + PART));
            outstanding.acquire(); // outside the pause: resolution goes on while the worker catches up
            identity.paused(() -> {
                Set<String> current = new LinkedHashSet<>();
                part.forEach(id -> identity.currentId(id).ifPresent(current::add));
                List<SegmentMaintainer.Loaded> loaded = new ArrayList<>(current.size());
                for (String id : current) {
                    identity.segmentProfileOf(id).ifPresent(profile -> loaded.add(loaded(profile, unread, null)));
                }
                queue(() -> maintainer.build(build, loaded, clock.instant()));
                return null;
            });
        }
        outstanding.acquire();
        identity.paused(() -> { // the keys left: those of profiles split from a waiting one, or new since the start
            Map<String, Set<String>> keysOf = new LinkedHashMap<>();
            for (String key : unread.keySet()) {
                identity.profileOfKey(key).ifPresent(owner -> keysOf.computeIfAbsent(owner, unused -> new LinkedHashSet<>()).add(key));
            }
            List<SegmentMaintainer.Loaded> loaded = new ArrayList<>(keysOf.size());
            keysOf.forEach((owner, keys) -> identity.segmentProfileOf(owner).ifPresent(profile -> loaded.add(loaded(profile, unread, keys))));
            queue(() -> {
                maintainer.build(build, loaded, clock.instant());
                if (failure.get() == null) { // else a profile of a failed part would be checked without its history
                    maintainer.finishBuild(build, clock.instant());
                }
            });
            return null;
        });
        outstanding.acquire(OUTSTANDING); // every part applied
        outstanding.release(OUTSTANDING);
        throwFailure();
    }

    /**
     * The stored events of the rules' filters' types and names, by profile key: every such event, whether or not it
     * passes the filters' conditions, since the maintainer may hold it already with only the properties earlier
     * segments read, and the new rule must see it whole (what no filter matches it lets go).
     */
    static Map<String, List<HistoryEvent>> historyByKey(Storage storage, java.util.Collection<Rule> rules, ObjectMapper mapper) {
        List<EventFilter> filters = rules.stream().flatMap(rule -> RuleParts.filters(rule).stream()).distinct().toList();
        Map<String, List<HistoryEvent>> byKey = new HashMap<>();
        if (!filters.isEmpty()) {
            storage.segments().forEachCandidate(filters, event ->
                    byKey.computeIfAbsent(event.profileKey(), unused -> new ArrayList<>()).add(HistoryEvent.of(event, mapper)));
        }
        return byKey;
    }

    /** Queues a part on the worker, holding a permit until it has run; its error fails the attempt. */
    private void queue(Runnable part) {
        try {
            worker.submit(() -> {
                try {
                    part.run();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    outstanding.release();
                }
            });
        } catch (RuntimeException e) {
            outstanding.release();
            throw e;
        }
    }

    private void throwFailure() {
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("a part of the build failed on the segment worker: " + failed.getMessage(), failed);
        }
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
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a segment build was still reading events 30 s after the server began to stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
