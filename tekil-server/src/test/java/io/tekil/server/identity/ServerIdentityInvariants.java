package io.tekil.server.identity;

import io.tekil.core.identity.Identifier;
import io.tekil.core.identity.IdentifierExtractor;
import io.tekil.core.identity.IdentityInvariants;
import io.tekil.core.identity.IdentityRules;
import io.tekil.core.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link IdentityInvariants} over a server's identity graph and every event it stored, each event's identifiers read
 * from its stored message as resolution reads them after a restart; and, for each event with an identifier, the
 * profile key it was stored under (by which its profile's facts and timeline find it) is its primary identifier's key.
 */
public final class ServerIdentityInvariants {
    private static final Duration RESOLVED_TIMEOUT = Duration.ofSeconds(60);

    private ServerIdentityInvariants() {}

    /** Waits until every accepted event is resolved, then checks; empty when every invariant holds. */
    public static List<String> violations(IdentityService identity, EventStore store) {
        identity.awaitResolved(RESOLVED_TIMEOUT);
        IdentifierExtractor extractor = new IdentifierExtractor(identity.normalizer());
        IdentityRules rules = identity.paused(() -> identity.graph().rules());
        List<IdentityInvariants.ObservedEvent> events = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        store.forEachEvent(Instant.EPOCH, event -> {
            List<Identifier> identifiers = extractor.extract(event.json().utf8(), event.type());
            String name = event.source() + "/" + event.messageId();
            events.add(new IdentityInvariants.ObservedEvent(name, identifiers));
            if (!identifiers.isEmpty() && !event.profileKey().equals(rules.strongest(identifiers).key())) {
                violations.add(String.format("event %s is stored under profile key %s, but its primary identifier is %s", name,
                        event.profileKey(), rules.strongest(identifiers)));
            }
        });
        violations.addAll(identity.paused(() -> IdentityInvariants.check(identity.graph(), events)));
        return violations;
    }
}
