package io.tekil.core.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Channel;
import io.tekil.core.event.MessageType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds profiles as rules see them, for the evaluator's tests. */
public final class TestingSubjects {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String id;
    private final ObjectNode traits = MAPPER.createObjectNode();
    private final ObjectNode computed = MAPPER.createObjectNode();
    private final Set<String> segments = new HashSet<>();
    private final List<HistoryEvent> events = new ArrayList<>();

    private TestingSubjects(String id) {
        this.id = id;
    }

    public static TestingSubjects profile(String id) {
        return new TestingSubjects(id);
    }

    public TestingSubjects trait(String name, Object value) {
        traits.set(name, MAPPER.valueToTree(value));
        return this;
    }

    public TestingSubjects computed(String name, Object value) {
        computed.set(name, MAPPER.valueToTree(value));
        return this;
    }

    public TestingSubjects inSegment(String segment) {
        segments.add(segment);
        return this;
    }

    public TestingSubjects track(String name, Instant at, Object... properties) {
        return event(MessageType.TRACK, name, Channel.WEB, at, properties);
    }

    /** @param properties name, value, name, value... */
    public TestingSubjects event(MessageType type, String name, Channel channel, Instant at, Object... properties) {
        ObjectNode props = MAPPER.createObjectNode();
        for (int i = 0; i < properties.length; i += 2) {
            props.set((String) properties[i], MAPPER.valueToTree(properties[i + 1]));
        }
        events.add(new HistoryEvent(id + "-" + events.size(), type, name, channel, channel.id() + "-source", at, props));
        return this;
    }

    public Subject build() {
        return new Subject(id, traits.deepCopy(), computed.deepCopy(), segments, events);
    }
}
