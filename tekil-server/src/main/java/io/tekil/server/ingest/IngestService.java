package io.tekil.server.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.ingest.IdentifiedEvent;
import io.tekil.core.event.MessageType;
import io.tekil.core.event.Source;
import io.tekil.core.ingest.BatchParser;
import io.tekil.core.ingest.IngestLimits;
import io.tekil.core.ingest.MessageValidator;
import io.tekil.core.ingest.ParsedBody;
import io.tekil.core.ingest.RawMessage;
import io.tekil.core.ingest.Rejection;
import io.tekil.core.ingest.Validation;
import io.tekil.core.store.QuarantinedEvent;
import io.tekil.server.admin.SourceRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Takes one tracking API request from body bytes to a durable commit. Thread-safe. */
public final class IngestService {
    private final BatchParser parser;
    private final MessageValidator validator;
    private final SourceRegistry sources;
    private final GroupCommitter committer;
    private final Clock clock;
    private final Duration ackTimeout;

    /**
     * What happened to a request's messages.
     *
     * @param stored newly stored events
     * @param duplicates events already stored earlier (a retry), not stored again
     * @param rejected messages that broke a rule; they are quarantined
     */
    public record Result(int stored, int duplicates, List<Rejection> rejected) {}

    public IngestService(ObjectMapper mapper, MessageValidator validator, SourceRegistry sources, GroupCommitter committer,
            Clock clock, Duration ackTimeout) {
        this.parser = new BatchParser(mapper);
        this.validator = validator;
        this.sources = sources;
        this.committer = committer;
        this.clock = clock;
        this.ackTimeout = ackTimeout;
    }

    /**
     * @param endpointType the type a single-message endpoint implies, or null for {@code /v1/batch} and {@code /v1/import}
     * @param basicUser the HTTP Basic username (the write key), or null
     */
    public Result ingest(byte[] body, int length, MessageType endpointType, String basicUser) {
        if (basicUser != null && !basicUser.isEmpty() && sources.byWriteKey(basicUser).isEmpty()) {
            throw unknownKey(basicUser);
        }
        ParsedBody parsed = endpointType == null ? parser.parseBatch(body, length) : parser.parseSingle(body, length);
        Source source = authenticate(basicUser, parsed.writeKey());
        Instant receivedAt = clock.instant();

        List<IdentifiedEvent> events = new ArrayList<>(parsed.messages().size());
        List<Rejection> rejected = new ArrayList<>();
        for (RawMessage message : parsed.messages()) {
            switch (validator.validate(message, parsed, endpointType, source, receivedAt)) {
                case Validation.Accepted accepted -> events.add(accepted.identified());
                case Validation.Rejected rejection -> rejected.add(rejection.rejection());
            }
        }
        List<QuarantinedEvent> quarantined = rejected.stream()
                .map(r -> new QuarantinedEvent(source.name(), receivedAt, r.index(), r.messageId(), r.reason(), r.json()))
                .toList();
        GroupCommitter.Outcome outcome = await(committer.submit(events, quarantined));
        return new Result(outcome.stored(), outcome.duplicates(), rejected);
    }

    private Source authenticate(String basicUser, String bodyKey) {
        String key = basicUser != null && !basicUser.isEmpty() ? basicUser : bodyKey;
        if (key == null || key.isEmpty()) {
            throw TekilException.unauthorized(
                    "missing write key: send the source's write key as the HTTP Basic username or as \"writeKey\" in the body");
        }
        return sources.byWriteKey(key).orElseThrow(() -> unknownKey(key));
    }

    private static TekilException unknownKey(String key) {
        String shown = key.length() > 12 ? key.substring(0, 8) + "..." : key;
        return TekilException.unauthorized("unknown write key '%s'; list valid keys with `tekil source list` or GET /api/sources", shown);
    }

    private GroupCommitter.Outcome await(java.util.concurrent.CompletableFuture<GroupCommitter.Outcome> commit) {
        try {
            return commit.get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TekilException tekil) {
                throw tekil;
            }
            throw new TekilException(ErrorCategory.UNAVAILABLE, "storing the events failed; retry: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TekilException(ErrorCategory.UNAVAILABLE, String.format(
                    "storage did not confirm the write within %d s; retry (a retried message is stored once)", ackTimeout.toSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TekilException(ErrorCategory.UNAVAILABLE, "interrupted while waiting for storage; retry");
        }
    }
}
