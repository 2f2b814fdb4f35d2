package io.tekil.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tekil.core.error.ErrorCategory;
import io.tekil.core.error.TekilException;
import io.tekil.core.ingest.MessageKey;
import io.tekil.core.ingest.MessageKeyIndex;
import io.tekil.core.store.Storage;
import io.tekil.server.admin.AdminTokens;
import io.tekil.server.admin.SourceRegistry;
import io.tekil.server.config.TekilConfig;
import io.tekil.core.ingest.MessageValidator;
import io.tekil.importer.Importer;
import io.tekil.server.identity.IdentityService;
import io.tekil.server.http.HttpApi;
import io.tekil.server.imports.ImportJobs;
import io.tekil.server.ingest.GroupCommitter;
import io.tekil.server.ingest.IngestService;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Tekil: storage, the de-duplication index rebuilt from it, the group committer, and the HTTP API.
 * The HTTP port opens only when everything behind it is ready, so {@code /health} answering means events are
 * accepted. Closing stops HTTP, commits what is queued, then closes storage.
 */
public final class TekilServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TekilServer.class);

    private final Storage storage;
    private final SourceRegistry sources;
    private final AdminTokens.Loaded tokens;
    private final GroupCommitter committer;
    private final ImportJobs imports;
    private final IdentityService identity;
    private final HttpApi http;
    private final String host;
    private final TekilConfig config;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final io.tekil.server.segment.SegmentService segments;

    private TekilServer(Storage storage, SourceRegistry sources, AdminTokens.Loaded tokens, GroupCommitter committer,
            ImportJobs imports, IdentityService identity, HttpApi http, String host, TekilConfig config, Clock clock,
            ObjectMapper mapper, io.tekil.server.segment.SegmentService segments) {
        this.storage = storage;
        this.sources = sources;
        this.tokens = tokens;
        this.committer = committer;
        this.imports = imports;
        this.identity = identity;
        this.http = http;
        this.host = host;
        this.config = config;
        this.clock = clock;
        this.mapper = mapper;
        this.segments = segments;
    }

    /** Starts a server that owns {@code storage} and closes it on {@link #close}. */
    public static TekilServer start(TekilConfig config, Storage storage, Clock clock) {
        io.tekil.core.identity.match.Matcher matcher = config.matcher(); // a bad model or thresholds stop the start before anything runs
        ObjectMapper mapper = Json.newMapper();
        AdminTokens.Loaded tokens = AdminTokens.initialize(storage.settings(), config.get(TekilConfig.ADMIN_TOKEN));
        SourceRegistry sources = new SourceRegistry(storage.sources(), clock);
        GroupCommitter committer = openCommitter(config, storage, clock);
        IdentityService identity = config.get(TekilConfig.IDENTITY_ENABLED)
                ? IdentityService.start(storage, config.identityRules(), config.identifierNormalizer(), config.get(TekilConfig.TRAIT_PRIORITY), clock) : null;
        if (identity != null) {
            committer.onCommit(identity::accept);
            committer.throttle(identity::throttle);
        }
        ImportJobs imports = new ImportJobs(importer(config, mapper, committer, clock),
                storage.settings(), config.dataDir().resolve("imports"), clock);
        IngestService ingest = new IngestService(mapper, validator(config, mapper), sources, committer, clock,
                Duration.ofSeconds(config.get(TekilConfig.ACK_TIMEOUT_SECONDS)));
        String host = config.get(TekilConfig.SERVER_HOST);
        java.time.ZoneId zone = config.get(TekilConfig.TIME_ZONE);
        io.tekil.server.segment.SegmentService segments = identity == null ? null : io.tekil.server.segment.SegmentService.start(identity, storage, zone, clock);
        try {
            HttpApi http = HttpApi.start(host, config.get(TekilConfig.SERVER_PORT), mapper, ingest, config.ingestLimits(),
                    tokens.tokens(), sources, storage.events(), imports, identity,
                    matcher,
                    identity == null ? null : segments.previews(), segments);
            return new TekilServer(storage, sources, tokens, committer, imports, identity, http, host, config, clock, mapper, segments);
        } catch (IOException e) {
            if (segments != null) {
                segments.close();
            }
            imports.close();
            committer.close();
            if (identity != null) {
                identity.close();
            }
            throw new TekilException(ErrorCategory.UNAVAILABLE, String.format("cannot listen on %s:%d: %s; choose another --port",
                    host, config.get(TekilConfig.SERVER_PORT), e.getMessage()), e);
        }
    }

    /** The single event writer over {@code storage}, its de-duplication index rebuilt from the stored events. */
    public static GroupCommitter openCommitter(TekilConfig config, Storage storage, Clock clock) {
        MessageKeyIndex index = loadIndex(storage, config.dedupWindow(), clock);
        return new GroupCommitter(storage.events(), index, clock, config.get(TekilConfig.QUEUE_CAPACITY),
                config.get(TekilConfig.MAX_GROUP_EVENTS));
    }

    private static MessageKeyIndex loadIndex(Storage storage, Duration window, Clock clock) {
        long started = System.nanoTime();
        MessageKeyIndex index = new MessageKeyIndex(window);
        storage.events().forEachMessageKey(index.rebuildFrom(clock.instant()),
                (source, messageId, receivedAt) -> index.add(MessageKey.of(source, messageId), receivedAt));
        LOG.info("de-duplication index holds {} message ids (loaded in {} ms)", index.size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return index;
    }

    public int port() {
        return http.port();
    }

    /** The base URL clients use; {@code localhost} when bound to every interface. */
    public URI uri() {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return URI.create("http://" + shown + ":" + port());
    }

    public SourceRegistry sources() {
        return sources;
    }

    public AdminTokens.Initialization adminTokenInitialization() {
        return tokens.initialization();
    }

    /** An importer that writes through this server's event writer, for imports run in-process ({@code tekil demo}). */
    public Importer importer() {
        return importer(config, mapper, committer, clock);
    }

    /** The validator of the tracking API and imports: the configured limits, and profile keys under the configured identity rules. */
    public static MessageValidator validator(TekilConfig config, ObjectMapper mapper) {
        return new MessageValidator(mapper, config.ingestLimits(), config.identifierNormalizer(), config.identityRules());
    }

    /** An importer that writes through {@code committer}, validating like the tracking API. */
    public static Importer importer(TekilConfig config, ObjectMapper mapper, GroupCommitter committer, Clock clock) {
        return new Importer(mapper, config.ingestLimits(), validator(config, mapper), committer.eventSink(), clock);
    }

    public AdminTokens adminTokens() {
        return tokens.tokens();
    }

    /** Identity resolution, or null when {@code identity.enabled} is false. */
    public IdentityService identity() {
        return identity;
    }

    public ImportJobs imports() {
        return imports;
    }

    /** The saved segments; null when identity resolution is off. */
    public io.tekil.server.segment.SegmentService segments() {
        return segments;
    }

    public Storage storage() {
        return storage;
    }

    @Override
    public void close() {
        http.close();
        imports.close();
        committer.close();
        if (identity != null) {
            identity.close(); // resolves what is queued, feeding the segments
        }
        if (segments != null) {
            segments.close(); // applies and records what identity fed
        }
        storage.close();
    }
}
