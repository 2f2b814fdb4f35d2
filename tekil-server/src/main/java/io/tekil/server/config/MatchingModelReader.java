package io.tekil.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.error.TekilException;
import io.tekil.core.identity.match.BlockingRule;
import io.tekil.core.identity.match.Comparison;
import io.tekil.core.identity.match.MatchField;
import io.tekil.core.identity.match.Matcher;
import io.tekil.core.identity.match.Weights;
import io.tekil.importer.YamlProblems;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a matching model from YAML (docs/matching.md): the comparisons, blocking rules, weights and thresholds of
 * probabilistic matching, as a {@link Matcher}. Every problem is reported at once, each with its place in the file
 * ({@code comparisons[2].high: ...}, list entries counted from 1), in one {@link TekilException} of category user
 * error, as import mappings are ({@link YamlProblems}). The parsing lives here, not in tekil-core, because
 * core has no YAML and reads no files; what it builds are core values, whose constructors check them again.
 */
public final class MatchingModelReader {
    /** The resource of the built-in model, equal to {@link Matcher#defaults()}. */
    public static final String BUILT_IN = "matching-default.yaml";

    private static final Set<String> TOP = Set.of("comparisons", "blocking", "max-block", "weights", "thresholds");
    private static final Set<String> RULE = Set.of("name", "key");
    private static final Set<String> WEIGHTS = Set.of("estimate", "prior");
    private static final Set<String> THRESHOLDS = Set.of("link", "review");
    private static final List<String> ESTIMATES = List.of("typical", "em", "fixed");

    /** The comparison kinds of a model file, each with the keys it reads beyond field, kind, m and u. */
    private enum Kind {
        JARO_WINKLER("jaro-winkler", "high", "low"),
        BIRTH_DATE("birth-date"),
        EXACT("exact"),
        TOKENS("tokens", "high", "low"),
        SUFFIX("suffix", "digits");

        final String id;
        final Set<String> keys;

        Kind(String id, String... own) {
            this.id = id;
            Set<String> keys = new HashSet<>(List.of("field", "kind", "m", "u"));
            keys.addAll(List.of(own));
            this.keys = Set.copyOf(keys);
        }
    }

    private final YamlProblems problems = new YamlProblems();

    private MatchingModelReader() {}

    /**
     * @param origin where the text came from, for messages (a file name)
     * @throws TekilException listing every problem
     */
    public static Matcher read(String yaml, String origin) {
        JsonNode root = YamlProblems.readMap(yaml, "matching model", origin, "'comparisons' and 'blocking'");
        MatchingModelReader reader = new MatchingModelReader();
        Matcher matcher = reader.model(root);
        reader.problems.throwIfAny("matching model", origin);
        return matcher;
    }

    /** Reads a model file. */
    public static Matcher load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw TekilException.userError("no matching model file %s; give the path of a YAML model (docs/matching.md), or nothing for the built-in one",
                    file.toAbsolutePath().normalize());
        }
        try {
            return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw TekilException.userError("cannot read the matching model %s: %s", file, e.getMessage());
        }
    }

    /** The built-in model. */
    public static Matcher builtIn() {
        return BuiltIn.MATCHER;
    }

    /** The YAML text of the built-in model, a starting point for one's own. */
    public static String builtInText() {
        try (InputStream in = MatchingModelReader.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + BUILT_IN + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Read once, when first needed. */
    private static final class BuiltIn {
        static final Matcher MATCHER = read(builtInText(), "built-in " + BUILT_IN);
    }

    private Matcher model(JsonNode root) {
        problems.unknownKeys(root, TOP, "");
        Matcher defaults = Matcher.defaults();
        String estimate = estimate(root.path("weights"));
        List<Comparison> comparisons = new ArrayList<>();
        List<List<Double>> m = new ArrayList<>();
        List<List<Double>> u = new ArrayList<>();
        JsonNode list = root.path("comparisons");
        if (!list.isArray() || list.isEmpty()) {
            problems.add("comparisons: give a list of the fields to compare, such as - {field: city, kind: exact}");
        }
        for (int i = 0; list.isArray() && i < list.size(); i++) {
            String place = "comparisons[" + (i + 1) + "]";
            Comparison comparison = comparison(list.get(i), place);
            if (comparison != null) {
                if (comparisons.stream().anyMatch(other -> other.field() == comparison.field())) {
                    problems.add(String.format("%s: %s is compared twice; an explanation gives each field once, so compare it once",
                            place, comparison.field().id()));
                }
                comparisons.add(comparison);
                m.add(probabilities(list.get(i), "m", place, comparison, estimate));
                u.add(probabilities(list.get(i), "u", place, comparison, estimate));
            }
        }
        List<BlockingRule> blocking = blocking(root.path("blocking"));
        int maxBlock = maxBlock(root, defaults.maxBlock());
        JsonNode thresholds = root.path("thresholds");
        if (!thresholds.isMissingNode() && !thresholds.isObject()) {
            problems.add("thresholds: give a map such as {link: 0.99999, review: 0.9}");
        }
        problems.unknownKeys(thresholds, THRESHOLDS, "thresholds.");
        Double link = probability(thresholds, "link", "thresholds.", defaults.linkThreshold());
        Double review = probability(thresholds, "review", "thresholds.", defaults.reviewThreshold());
        if (link != null && review != null && review > link) {
            problems.add(String.format("thresholds: review (%s) is above link (%s); a pair below link goes to review from the review threshold, "
                    + "so it must be at most link", review, link));
        }
        Double prior = estimate.equals("fixed") ? probability(root.path("weights"), "prior", "weights.", null) : null;
        if (!problems.isEmpty()) {
            return null;
        }
        Weights weights = switch (estimate) {
            case "em" -> new Weights.EstimatedM();
            case "fixed" -> new Weights.Fixed(m, u, prior == null ? OptionalDouble.empty() : OptionalDouble.of(prior));
            default -> new Weights.Typical();
        };
        try {
            return new Matcher(comparisons, blocking, weights, link, review, maxBlock);
        } catch (IllegalArgumentException e) {
            problems.add("model: " + e.getMessage());
            return null;
        }
    }

    private String estimate(JsonNode weights) {
        if (weights.isMissingNode() || weights.isNull()) {
            return "typical";
        }
        if (!weights.isObject()) {
            problems.add("weights: give a map such as {estimate: typical}");
            return "typical";
        }
        problems.unknownKeys(weights, WEIGHTS, "weights.");
        String estimate = weights.path("estimate").asText("typical");
        if (!ESTIMATES.contains(estimate)) {
            problems.add(String.format("weights.estimate: '%s' is not a way to get the weights; use typical (typical m, u and prior from the data), "
                    + "em (m by EM too) or fixed (m and u given in each comparison)", estimate));
            return "typical";
        }
        if (!estimate.equals("fixed") && weights.has("prior")) {
            problems.add("weights.prior: the prior is estimated from the data unless estimate is fixed; remove it or set estimate: fixed");
        }
        return estimate;
    }

    private Comparison comparison(JsonNode node, String place) {
        if (!node.isObject()) {
            problems.add(place + ": give a map with field and kind, such as {field: city, kind: exact}");
            return null;
        }
        MatchField field = null;
        try {
            field = MatchField.fromId(node.path("field").asText());
        } catch (IllegalArgumentException e) {
            problems.add(place + ".field: " + e.getMessage());
        }
        String kindId = node.path("kind").asText();
        Kind kind = Arrays.stream(Kind.values()).filter(candidate -> candidate.id.equals(kindId)).findFirst().orElse(null);
        if (kind == null) {
            problems.add(String.format("%s.kind: unknown comparison kind '%s'; use one of %s", place, kindId,
                    Arrays.stream(Kind.values()).map(candidate -> candidate.id).toList()));
            return null;
        }
        problems.unknownKeys(node, kind.keys, place + ".");
        if (field == null) {
            return null;
        }
        if ((kind == Kind.BIRTH_DATE) != (field == MatchField.BIRTH_DATE)) {
            problems.add(kind == Kind.BIRTH_DATE
                    ? String.format("%s.kind: birth-date compares birth_date, not %s", place, field.id())
                    : String.format("%s.kind: birth_date is a date; compare it with kind birth-date", place));
            return null;
        }
        try {
            return switch (kind) {
                case JARO_WINKLER, TOKENS -> {
                    Double high = number(node, "high", place + ".");
                    Double low = number(node, "low", place + ".");
                    yield high == null || low == null ? null
                            : kind == Kind.TOKENS ? new Comparison.Tokens(field, high, low) : new Comparison.Similarity(field, high, low);
                }
                case BIRTH_DATE -> new Comparison.BirthDate();
                case EXACT -> new Comparison.Exact(field);
                case SUFFIX -> {
                    JsonNode digits = node.path("digits");
                    if (!digits.canConvertToInt() || !digits.isIntegralNumber()) {
                        problems.add(place + ".digits: give how many of the last digits must be equal, a whole number such as 7");
                        yield null;
                    }
                    yield new Comparison.Suffix(field, digits.intValue());
                }
            };
        } catch (IllegalArgumentException e) {
            problems.add(place + ": " + e.getMessage());
            return null;
        }
    }

    /** A comparison's m or u: null, and a problem unless that is right, when not given. */
    private List<Double> probabilities(JsonNode node, String name, String place, Comparison comparison, String estimate) {
        JsonNode values = node.path(name);
        List<String> levels = comparison.levels();
        String wanted = String.format("%d probabilities, one for each level (%s)", levels.size(), String.join(", ", levels));
        if (!estimate.equals("fixed")) {
            if (!values.isMissingNode()) {
                problems.add(String.format("%s.%s: m and u are read only with weights.estimate: fixed; remove them or set estimate: fixed", place, name));
            }
            return null;
        }
        if (!values.isArray() || values.size() != levels.size()) {
            problems.add(String.format("%s.%s: weights.estimate is fixed, so give %s", place, name, wanted));
            return null;
        }
        List<Double> probabilities = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isNumber()) {
                problems.add(String.format("%s.%s: '%s' is not a number; give %s", place, name, value.asText(), wanted));
                return null;
            }
            probabilities.add(value.doubleValue());
        }
        try {
            Weights.requireDistribution(probabilities);
        } catch (IllegalArgumentException e) {
            problems.add(String.format("%s.%s: %s", place, name, e.getMessage()));
        }
        return probabilities;
    }

    private List<BlockingRule> blocking(JsonNode list) {
        List<BlockingRule> rules = new ArrayList<>();
        if (!list.isArray() || list.isEmpty()) {
            problems.add("blocking: give a list of blocking rules, such as - {key: [last_name, birth_date.year]}; only records that share a key are compared");
            return rules;
        }
        if (list.size() > 31) {
            problems.add(String.format("blocking: %d rules; at most 31 (each pair remembers the rules that found it in one int)", list.size()));
        }
        for (int i = 0; i < list.size(); i++) {
            String place = "blocking[" + (i + 1) + "]";
            JsonNode node = list.get(i);
            problems.unknownKeys(node, RULE, place + ".");
            JsonNode key = node.path("key");
            if (!key.isArray() || key.isEmpty()) {
                problems.add(place + ".key: give the list of parts the key is made of, such as [last_name, birth_date.year]");
                continue;
            }
            List<BlockingRule.Part> parts = new ArrayList<>();
            for (int j = 0; j < key.size(); j++) {
                try {
                    parts.add(BlockingRule.Part.parse(key.get(j).asText()));
                } catch (IllegalArgumentException e) {
                    problems.add(String.format("%s.key[%d]: %s", place, j + 1, e.getMessage()));
                }
            }
            String name = node.hasNonNull("name") ? node.get("name").asText()
                    : parts.stream().map(BlockingRule.Part::text).collect(Collectors.joining("+"));
            if (rules.stream().anyMatch(rule -> rule.name().equals(name))) {
                problems.add(String.format("%s.name: '%s' names an earlier rule too; give each rule its own name", place, name));
            }
            if (parts.size() == key.size()) {
                rules.add(new BlockingRule(name, parts));
            }
        }
        return rules;
    }

    private int maxBlock(JsonNode root, int otherwise) {
        JsonNode value = root.path("max-block");
        if (value.isMissingNode()) {
            return otherwise;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 2) {
            problems.add(String.format("max-block: '%s' is not a block size; give the most records one key may gather, a whole number of at least 2",
                    value.asText()));
            return otherwise;
        }
        return value.intValue();
    }

    /** A probability strictly between 0 and 1, {@code otherwise} when absent, null after a problem. */
    private Double probability(JsonNode node, String key, String where, Double otherwise) {
        if (!node.has(key)) {
            return otherwise;
        }
        Double value = number(node, key, where);
        if (value != null && !(value > 0 && value < 1)) {
            problems.add(String.format("%s%s: %s must be between 0 and 1 (exclusive)", where, key, value));
            return null;
        }
        return value;
    }

    /** A number, or null after a problem. */
    private Double number(JsonNode node, String key, String where) {
        JsonNode value = node.path(key);
        if (!value.isNumber()) {
            problems.add(String.format("%s%s: %s", where, key, value.isMissingNode() ? "missing; give a number" : "'" + value.asText() + "' is not a number"));
            return null;
        }
        return value.doubleValue();
    }
}
