package io.tekil.server.identity;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * A bounded journal of profile ids in the order they changed, so a reader that copied every profile once can
 * catch up with only the changed ones. Marks count every touch ever; the journal keeps the newest
 * {@value #CAPACITY}, and a reader whose mark is older than that must read everything again. Not thread-safe:
 * the identity service's lock guards it.
 */
final class TouchedProfiles {
    static final int CAPACITY = 500_000;

    private final ArrayDeque<String> journal = new ArrayDeque<>();
    private long dropped; // touches no longer in the journal

    void touch(String profileId) {
        if (profileId.equals(journal.peekLast())) {
            return;
        }
        journal.addLast(profileId);
        if (journal.size() > CAPACITY) {
            journal.removeFirst();
            dropped++;
        }
    }

    /** The profiles a merge or split involves. */
    void touch(io.tekil.core.identity.ProfileChange change) {
        switch (change) {
            case io.tekil.core.identity.ProfileChange.Merged merged -> {
                touch(merged.survivor());
                touch(merged.absorbed());
            }
            case io.tekil.core.identity.ProfileChange.Split split -> {
                touch(split.from());
                split.into().forEach(this::touch);
            }
        }
    }

    long mark() {
        return dropped + journal.size();
    }

    /** The distinct ids touched after {@code mark}; empty when the journal no longer reaches back that far. */
    Optional<Set<String>> since(long mark) {
        if (mark < dropped || mark > mark()) {
            return Optional.empty();
        }
        Set<String> ids = new HashSet<>();
        Iterator<String> newestFirst = journal.descendingIterator();
        for (long i = mark(); i > mark; i--) {
            ids.add(newestFirst.next());
        }
        return Optional.of(ids);
    }
}
