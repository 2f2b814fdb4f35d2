package io.tekil.server.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Event;
import io.tekil.core.identity.ProfileChange;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The subscribers of {@link IdentityService}, each call made safely (a failing feed is logged, the others go on). */
final class ProfileFeeds {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileFeeds.class);

    private final List<ProfileFeed> feeds = new CopyOnWriteArrayList<>();
    private final Function<String, ObjectNode> traitsOf;
    private final Function<String, Set<String>> eventKeysOf;

    /** The functions read the identity service's state; they are called under its monitor. */
    ProfileFeeds(Function<String, ObjectNode> traitsOf, Function<String, Set<String>> eventKeysOf) {
        this.traitsOf = traitsOf;
        this.eventKeysOf = eventKeysOf;
    }

    void add(ProfileFeed feed) {
        feeds.add(feed);
    }

    /** An event resolved onto {@code profileId}; its traits first, so the event is judged with what it said. */
    void event(String profileId, Event event, boolean traitsChanged) {
        for (ProfileFeed feed : feeds) {
            try {
                if (traitsChanged) {
                    feed.traits(profileId, () -> traitsOf.apply(profileId));
                }
                feed.event(profileId, event);
            } catch (RuntimeException e) {
                LOG.error("a profile feed failed on event {} of {}", event.messageId(), profileId, e);
            }
        }
    }

    void changes(List<ProfileChange> changes) {
        if (feeds.isEmpty()) {
            return;
        }
        for (ProfileChange change : changes) {
            List<ProfileFeed.Part> parts = change instanceof ProfileChange.Split split
                    ? split.into().stream().map(id -> new ProfileFeed.Part(id, eventKeysOf.apply(id), traitsOf.apply(id))).toList() : List.of();
            for (ProfileFeed feed : feeds) {
                try {
                    feed.change(change);
                    switch (change) {
                        case ProfileChange.Merged merged -> feed.merged(merged.survivor(), merged.absorbed(), () -> traitsOf.apply(merged.survivor()));
                        case ProfileChange.Split split -> feed.split(split.from(), parts);
                    }
                } catch (RuntimeException e) {
                    LOG.error("a profile feed failed on {}", change, e);
                }
            }
        }
    }
}
