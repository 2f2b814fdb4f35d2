package io.tekil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.Source;
import io.tekil.core.ingest.BatchParser;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.ingest.MessageValidator;
import io.tekil.core.ingest.ParsedBody;
import io.tekil.core.ingest.RawMessage;
import io.tekil.core.ingest.Validation;
import io.tekil.server.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU cost per event of turning a 100-event Segment batch body into {@link Event}s, as the server does on
 * each request thread before the group commit: {@link BatchParser} (Jackson tree per message plus the exact
 * bytes) and {@link MessageValidator}. Scores are nanoseconds per event (100 events per operation); one core
 * at {@code s} ns per event handles {@code 1e9 / s} events per second before HTTP and storage.
 *
 * <p>{@code libraryInMessages=false} is traffic whose messages lack a context field the batch context has,
 * so every message is merged with it and re-serialized.
 *
 * <p>Run it (from the repository root, after {@code mvn -B -q -DskipTests -pl tekil-bench -am package}):
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --enable-native-access=ALL-UNNAMED \
 *     -jar tekil-bench/target/tekil-bench.jar BenchmarkIngestPath
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--enable-native-access=ALL-UNNAMED"})
@OperationsPerInvocation(BenchmarkIngestPath.EVENTS)
public class BenchmarkIngestPath {
    static final int EVENTS = 100;
    private static final int BODIES = 64;

    @Param({"true", "false"})
    public boolean libraryInMessages;

    private List<byte[]> bodies;
    private BatchParser parser;
    private MessageValidator validator;
    private Source source;
    private int next;

    @Setup
    public void setUp() {
        bodies = new SegmentTraffic(42, libraryInMessages).batches(BODIES, EVENTS);
        ObjectMapper mapper = Json.newMapper();
        parser = new BatchParser(mapper);
        validator = new MessageValidator(mapper, IngestLimits.SEGMENT);
        source = new Source("web-shop", Channel.WEB, "wk_benchmark", Instant.now());
    }

    private byte[] nextBody() {
        byte[] body = bodies.get(next);
        next = (next + 1) % BODIES;
        return body;
    }

    /** Splitting the body into messages: a Jackson tree and the exact JSON text of each. */
    @Benchmark
    public ParsedBody parse() {
        byte[] body = nextBody();
        return parser.parseBatch(body, body.length);
    }

    /** Parsing and validating: what a request thread spends before it queues the events for storage. */
    @Benchmark
    public List<Event> parseAndValidate() {
        byte[] body = nextBody();
        ParsedBody parsed = parser.parseBatch(body, body.length);
        Instant receivedAt = Instant.now();
        List<Event> events = new ArrayList<>(parsed.messages().size());
        for (RawMessage message : parsed.messages()) {
            if (validator.validate(message, parsed, null, source, receivedAt) instanceof Validation.Accepted accepted) {
                events.add(accepted.event());
            }
        }
        return events;
    }
}
