package io.tekil.server.config;

import io.tekil.core.error.TekilException;
import io.tekil.core.identity.IdentifierType;
import io.tekil.core.identity.match.Matcher;
import io.tekil.core.ingest.IngestLimits;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * Tekil's configuration. Each key's value comes from, in rising precedence: its default, the properties
 * file, the environment ({@link ConfigKey#environmentVariable()}), and command-line flags. Loading checks every
 * key and reports all problems at once.
 */
public final class TekilConfig {
    public static final ConfigKey<String> SERVER_HOST = new ConfigKey<>("server.host", "0.0.0.0",
            "Address the HTTP server binds to; 127.0.0.1 keeps it local to this machine.", ConfigKey.text());
    public static final ConfigKey<Integer> SERVER_PORT = new ConfigKey<>("server.port", "8080",
            "TCP port of the HTTP server (tracking API, admin API, health); 0 picks a free port.", ConfigKey.integer(0, 65535));
    public static final ConfigKey<String> DATA_DIR = new ConfigKey<>("data.dir", "data",
            "Directory of the embedded database (tekil.duckdb) and the optional tekil.properties file.", ConfigKey.text());
    public static final ConfigKey<Integer> MAX_EVENT_BYTES = new ConfigKey<>("ingest.max-event-bytes", "32768",
            "Largest single message in bytes of JSON (Segment's limit is 32 KB).", ConfigKey.integer(256, 16 * 1024 * 1024));
    public static final ConfigKey<Integer> MAX_BATCH_BYTES = new ConfigKey<>("ingest.max-batch-bytes", "512000",
            "Largest request body in bytes of uncompressed JSON (Segment's limit is 500 KB).", ConfigKey.integer(256, 64 * 1024 * 1024));
    public static final ConfigKey<Integer> QUEUE_CAPACITY = new ConfigKey<>("ingest.queue-capacity", "4096",
            "Requests that may wait for the storage writer; beyond it the tracking API answers 503 and SDKs retry.", ConfigKey.integer(1, 1_000_000));
    public static final ConfigKey<Integer> MAX_GROUP_EVENTS = new ConfigKey<>("ingest.max-group-events", "50000",
            "Most events committed in one storage transaction (group commit).", ConfigKey.integer(1, 10_000_000));
    public static final ConfigKey<Integer> ACK_TIMEOUT_SECONDS = new ConfigKey<>("ingest.ack-timeout-seconds", "30",
            "How long a request waits for its commit before answering 503 (the SDK retries; de-duplication keeps it exactly once).",
            ConfigKey.integer(1, 3600));
    public static final ConfigKey<Integer> DEDUP_WINDOW_DAYS = new ConfigKey<>("ingest.dedup-window-days", "7",
            "Days a messageId is remembered per source; a retry within this window is stored once.", ConfigKey.integer(1, 365));
    public static final ConfigKey<String> ADMIN_TOKEN = new ConfigKey<>("admin.token", "",
            "Bearer token of the admin API; when empty a random one is made at first start and printed once. Stored only as a SHA-256 hash.",
            ConfigKey.text());

    public static final ConfigKey<Integer> DUCKDB_THREADS = new ConfigKey<>("store.duckdb.threads", "0",
            "DuckDB worker threads; 0 means one less than the machine's cores (at least 1), leaving a core to the HTTP path.",
            ConfigKey.integer(0, 1024));
    public static final ConfigKey<String> DUCKDB_CHECKPOINT_THRESHOLD = new ConfigKey<>("store.duckdb.checkpoint-threshold", "256MB",
            "DuckDB's checkpoint_threshold: write-ahead log size that triggers folding it into the table file (runs in the background loader).",
            ConfigKey.text());
    public static final ConfigKey<Integer> DUCKDB_MAX_PENDING_MB = new ConfigKey<>("store.duckdb.max-pending-mb", "1024",
            "Megabytes of acknowledged events that may wait in the ingest log for the DuckDB loader before new requests get 503.",
            ConfigKey.integer(1, 1 << 20));
    public static final ConfigKey<Boolean> DUCKDB_PROFILE_INDEX = new ConfigKey<>("store.duckdb.profile-index", "true",
            "Keep an ART index on the events' identity hash: a profile's timeline and facts are read in about a millisecond instead of "
                    + "a scan of the events table, at the cost of an index insert for every stored event.", ConfigKey.bool());
    public static final ConfigKey<Boolean> DUCKDB_COMPACT_MESSAGES = new ConfigKey<>("store.duckdb.compact-messages", "true",
            "Store event messages with zstd. false leaves DuckDB's default compression: profile timelines read faster, "
                    + "at 2.4 times the disk and about a quarter less ingestion. Takes effect when the data directory is created.", ConfigKey.bool());
    public static final ConfigKey<Boolean> IDENTITY_ENABLED = new ConfigKey<>("identity.enabled", "true",
            "Resolve every stored event into unified profiles (identity graph) on a background thread.", ConfigKey.bool());

    public static final ConfigKey<String> IDENTITY_PRIORITY = new ConfigKey<>("identity.priority",
            "user_id,crm_id,loyalty_id,email,phone,device_id,anonymous_id",
            "Identifier types from strongest to weakest (custom types may be listed; unlisted ones come last): an event is "
                    + "attributed to its strongest identifier, and a link that breaks a limit leaves the event with the stronger one.",
            ConfigKey.text());
    public static final ConfigKey<String> IDENTITY_LIMITS = new ConfigKey<>("identity.limits", "user_id=1,email=5,phone=10",
            "Most identifiers of a type one profile may hold, as type=N,...; a link that would exceed one is recorded as a conflict and merges nothing.",
            ConfigKey.text());
    public static final ConfigKey<Integer> IDENTITY_MAX_IDENTIFIERS = new ConfigKey<>("identity.max-identifiers", "1000",
            "Most identifiers of any type one profile may hold (cookies and devices included).", ConfigKey.integer(1, 1_000_000));
    public static final ConfigKey<String> IDENTITY_BLOCKED_VALUES = new ConfigKey<>("identity.blocked-values",
            String.join(",", io.tekil.core.identity.IdentifierNormalizer.DEFAULT_BLOCKED),
            "Identifier values that never link anyone (compared case-insensitively after normalization), comma-separated.", ConfigKey.text());
    public static final ConfigKey<String> IDENTITY_BLOCKED_PATTERNS = new ConfigKey<>("identity.blocked-patterns",
            String.join(";", io.tekil.core.identity.IdentifierNormalizer.DEFAULT_BLOCKED_PATTERNS),
            "Regular expressions of identifier values that never link (a whole-value match), separated by ';'. The default blocks all-zero ids.",
            ConfigKey.text());
    public static final ConfigKey<String> IDENTITY_PHONE_REGION = new ConfigKey<>("identity.phone-region", "TR",
            "Region of phone numbers written without a country code (ISO 3166 code), for E.164 normalization.", ConfigKey.text());
    public static final ConfigKey<java.util.Set<IdentifierType>> IDENTITY_CUSTOM_TYPES = new ConfigKey<>("identity.custom-types", "",
            "Identifier types besides the built-in ones whose values link profiles, comma-separated (such as member_no,tckn_hash): "
                    + "a context.externalIds entry or mapped column of any other type is kept in the event but links nothing.",
            TekilConfig::parseCustomTypes);
    public static final ConfigKey<io.tekil.core.profile.TraitRules> TRAIT_PRIORITY = new ConfigKey<>("profile.trait-priority",
            "birthday=crm,store; birth_date=crm,store",
            "Per trait, the sources or channels whose values win over newer ones from elsewhere, strongest first, as "
                    + "trait=source,source; ... (other traits: the latest value by event time wins).",
            io.tekil.core.profile.TraitRules::parse);
    public static final ConfigKey<Matcher> MATCH_MODEL = new ConfigKey<>("matching.model", "",
            "YAML file of the probabilistic matching model: compared fields, blocking rules, weights and thresholds (docs/matching.md); "
                    + "empty: the built-in model.", text -> {
                try {
                    return text.isBlank() ? MatchingModelReader.builtIn() : MatchingModelReader.load(Path.of(text.trim()));
                } catch (TekilException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            });
    public static final ConfigKey<OptionalDouble> MATCH_LINK = new ConfigKey<>("matching.link-threshold", "",
            "Match probability from which probabilistic matching links two profiles automatically; empty: the model's (built-in: 0.99999).",
            ConfigKey.optionalProbability());
    public static final ConfigKey<OptionalDouble> MATCH_REVIEW = new ConfigKey<>("matching.review-threshold", "",
            "Match probability from which a pair below the link threshold is queued for a person to review; empty: the model's (built-in: 0.9).",
            ConfigKey.optionalProbability());
    public static final ConfigKey<java.time.ZoneId> TIME_ZONE = new ConfigKey<>("workspace.time-zone", "Europe/Istanbul",
            "Time zone of the workspace (an IANA id): where segment windows of days, months and years begin and end.",
            text -> {
                if (!java.time.ZoneId.getAvailableZoneIds().contains(text)) { // region ids only: DuckDB knows these, not "+03:00"
                    throw new IllegalArgumentException("not a time zone id of the tz database, such as Europe/Istanbul or UTC");
                }
                return java.time.ZoneId.of(text);
            });
    public static final List<ConfigKey<?>> KEYS = List.of(SERVER_HOST, SERVER_PORT, DATA_DIR, MAX_EVENT_BYTES, MAX_BATCH_BYTES,
            QUEUE_CAPACITY, MAX_GROUP_EVENTS, ACK_TIMEOUT_SECONDS, DEDUP_WINDOW_DAYS, ADMIN_TOKEN, DUCKDB_THREADS,
            DUCKDB_CHECKPOINT_THRESHOLD, DUCKDB_MAX_PENDING_MB, DUCKDB_PROFILE_INDEX, DUCKDB_COMPACT_MESSAGES, IDENTITY_ENABLED, IDENTITY_PRIORITY, IDENTITY_LIMITS,
            IDENTITY_MAX_IDENTIFIERS, IDENTITY_BLOCKED_VALUES, IDENTITY_BLOCKED_PATTERNS, IDENTITY_PHONE_REGION, IDENTITY_CUSTOM_TYPES, TRAIT_PRIORITY,
            MATCH_MODEL, MATCH_LINK, MATCH_REVIEW, TIME_ZONE);

    private final Map<String, Object> values;

    private TekilConfig(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** The defaults, overridden by {@code overrides}; for tests and embedding. */
    public static TekilConfig of(Map<String, String> overrides) {
        return resolve(List.of(new Layer("the given settings", overrides)));
    }

    /**
     * Loads the configuration.
     *
     * @param file a properties file, or null for none; a missing file is an error
     * @param environment usually {@code System.getenv()}
     * @param flags values from command-line flags, highest precedence
     */
    public static TekilConfig load(Path file, Map<String, String> environment, Map<String, String> flags) {
        List<Layer> layers = new ArrayList<>();
        if (file != null) {
            layers.add(new Layer("file " + file, readProperties(file)));
        }
        Map<String, String> fromEnvironment = new HashMap<>();
        for (ConfigKey<?> key : KEYS) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                fromEnvironment.put(key.name(), value);
            }
        }
        layers.add(new Layer("the environment", fromEnvironment));
        layers.add(new Layer("the command line", flags));
        return resolve(layers);
    }

    private static TekilConfig resolve(List<Layer> layers) {
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, String> origin = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConfigKey<?> key : KEYS) {
            text.put(key.name(), key.defaultValue());
            origin.put(key.name(), "the default");
        }
        for (Layer layer : layers) {
            for (Map.Entry<String, String> entry : layer.values().entrySet()) {
                if (!text.containsKey(entry.getKey())) {
                    problems.add(String.format("unknown key '%s' in %s; known keys: %s",
                            entry.getKey(), layer.name(), String.join(", ", text.keySet())));
                    continue;
                }
                text.put(entry.getKey(), entry.getValue());
                origin.put(entry.getKey(), layer.name());
            }
        }
        Map<String, Object> values = new HashMap<>();
        for (ConfigKey<?> key : KEYS) {
            try {
                values.put(key.name(), key.parser().apply(text.get(key.name())));
            } catch (IllegalArgumentException e) {
                problems.add(String.format("invalid value for %s (from %s): %s", key.name(), origin.get(key.name()), e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            String nl = System.lineSeparator();
            throw TekilException.userError("invalid configuration:%n  - %s", String.join(nl + "  - ", // a problem's own lines indented under it
                    problems.stream().map(problem -> problem.replace(nl, nl + "    ")).toList()));
        }
        return new TekilConfig(values);
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw TekilException.userError("cannot read the configuration file %s: %s", file, e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    /**
     * The identity rules of {@code identity.priority}, {@code identity.limits} and {@code identity.max-identifiers};
     * a custom type they name must be declared in {@code identity.custom-types}.
     */
    public io.tekil.core.identity.IdentityRules identityRules() {
        io.tekil.core.identity.IdentityRules rules;
        try {
            rules = io.tekil.core.identity.IdentityRules.parse(get(IDENTITY_PRIORITY), get(IDENTITY_LIMITS), get(IDENTITY_MAX_IDENTIFIERS));
        } catch (IllegalArgumentException e) {
            throw new io.tekil.core.error.TekilException(io.tekil.core.error.ErrorCategory.USER_ERROR,
                    "invalid identity rules (identity.priority, identity.limits): " + e.getMessage(), e);
        }
        java.util.Set<String> undeclared = new java.util.TreeSet<>();
        java.util.stream.Stream.concat(rules.priority().stream(), rules.limits().keySet().stream())
                .filter(type -> !IdentifierType.BUILT_IN.contains(type) && !customTypes().contains(type))
                .forEach(type -> undeclared.add(type.name()));
        if (!undeclared.isEmpty()) {
            throw TekilException.userError("identity.priority and identity.limits name %s, which %s not built-in (%s); declare custom types "
                    + "in identity.custom-types", String.join(", ", undeclared), undeclared.size() == 1 ? "is" : "are",
                    IdentifierType.BUILT_IN.stream().map(IdentifierType::name).collect(java.util.stream.Collectors.joining(", ")));
        }
        return rules;
    }

    /** The custom identifier types of {@code identity.custom-types}. */
    public java.util.Set<IdentifierType> customTypes() {
        java.util.Set<IdentifierType> types = get(IDENTITY_CUSTOM_TYPES);
        return types == null ? java.util.Set.of() : types;
    }

    private static java.util.Set<IdentifierType> parseCustomTypes(String text) {
        java.util.Set<IdentifierType> types = new java.util.LinkedHashSet<>();
        List<String> problems = new java.util.ArrayList<>();
        for (String name : text.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                IdentifierType type = IdentifierType.of(name);
                if (IdentifierType.BUILT_IN.contains(type)) {
                    problems.add(String.format("'%s' is built in; list only other types", name.trim()));
                } else {
                    types.add(type);
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return java.util.Collections.unmodifiableSet(types);
    }

    /** Identifier normalization with the configured blocked values and patterns, phone region and custom types. */
    public io.tekil.core.identity.IdentifierNormalizer identifierNormalizer() {
        List<String> values = java.util.Arrays.stream(get(IDENTITY_BLOCKED_VALUES).split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        List<String> patterns = java.util.Arrays.stream(get(IDENTITY_BLOCKED_PATTERNS).split(";")).map(String::trim).filter(v -> !v.isEmpty()).toList();
        String region = get(IDENTITY_PHONE_REGION).toUpperCase(java.util.Locale.ROOT);
        List<String> problems = new java.util.ArrayList<>();
        for (String pattern : patterns) {
            try {
                java.util.regex.Pattern.compile(pattern);
            } catch (java.util.regex.PatternSyntaxException e) {
                problems.add(String.format("identity.blocked-patterns: '%s' is not a regular expression (%s)", pattern, e.getDescription()));
            }
        }
        if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            problems.add(String.format("identity.phone-region: '%s' is not a region code such as TR or DE", region));
        }
        if (!problems.isEmpty()) {
            throw new io.tekil.core.error.TekilException(io.tekil.core.error.ErrorCategory.USER_ERROR, String.join("; ", problems), null);
        }
        return new io.tekil.core.identity.IdentifierNormalizer(values, patterns, region, customTypes());
    }

    /**
     * The matcher of probabilistic matching: the model of {@code matching.model} (or the built-in one), with
     * {@code matching.link-threshold} and {@code matching.review-threshold} where they are set, else the model's
     * thresholds.
     */
    public Matcher matcher() {
        Matcher model = get(MATCH_MODEL);
        double link = get(MATCH_LINK).orElse(model.linkThreshold());
        double review = get(MATCH_REVIEW).orElse(model.reviewThreshold());
        try {
            return model.withThresholds(link, review);
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("invalid matching thresholds (%s, %s, or the model's thresholds): %s",
                    MATCH_LINK.name(), MATCH_REVIEW.name(), e.getMessage());
        }
    }

    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key.name());
    }

    public IngestLimits ingestLimits() {
        int maxEvent = get(MAX_EVENT_BYTES);
        int maxBatch = get(MAX_BATCH_BYTES);
        if (maxBatch < maxEvent) {
            throw TekilException.userError("invalid configuration: %s (%d) must be at least %s (%d)",
                    MAX_BATCH_BYTES.name(), maxBatch, MAX_EVENT_BYTES.name(), maxEvent);
        }
        return new IngestLimits(maxEvent, maxBatch);
    }

    public Duration dedupWindow() {
        return Duration.ofDays(get(DEDUP_WINDOW_DAYS));
    }

    public Path dataDir() {
        return Path.of(get(DATA_DIR));
    }

    private record Layer(String name, Map<String, String> values) {}
}
