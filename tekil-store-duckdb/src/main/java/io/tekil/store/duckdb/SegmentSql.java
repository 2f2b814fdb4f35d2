package io.tekil.store.duckdb;

import io.tekil.core.segment.Aggregate;
import io.tekil.core.segment.Attribute;
import io.tekil.core.segment.Check;
import io.tekil.core.segment.EventField;
import io.tekil.core.segment.EventFilter;
import io.tekil.core.segment.Occurrence;
import io.tekil.core.segment.Rule;
import io.tekil.core.segment.RuleParts;
import io.tekil.core.segment.TimeRange;
import io.tekil.core.segment.Value;
import io.tekil.core.segment.Values;
import io.tekil.core.segment.Where;
import io.tekil.core.segment.Window;
import io.tekil.core.segment.Windows;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Compiles a segment rule into one DuckDB query over the {@code events} table and the loaded profiles
 * ({@code segment_profiles}, {@code segment_keys}, {@code segment_memberships}), selecting the ids of the profiles the rule selects. It follows
 * {@link io.tekil.core.segment.RuleEvaluator} and {@link Values} rule for rule:
 *
 * <ul>
 *   <li>Windows become constant time stamps computed by {@link Windows}, the evaluator's own code.</li>
 *   <li>Each distinct first/last occurrence becomes one {@code min(ts)}/{@code max(ts)} column of a per-profile
 *       aggregate ({@code occurrences}); each distinct event aggregate one filtered aggregate column of a second
 *       pass ({@code aggregates}), which sees the occurrences for "after last X" windows.</li>
 *   <li>Every test is two-valued: a missing value makes it false (never SQL NULL), so {@code NOT} means what
 *       the evaluator's {@code !} means.</li>
 *   <li>Numbers are {@code DECIMAL(38,10)}, exact for the values rules compare (an average is compared as
 *       {@code sum op value * count}, exactly).</li>
 * </ul>
 *
 * Literals are inlined as SQL literals (texts with quotes doubled), never spliced raw.
 */
final class SegmentSql {
    private static final String DECIMAL = "DECIMAL(38,10)";

    private final Instant now;
    private final ZoneId zone;
    private final Map<Occurrence, String> occurrences = new LinkedHashMap<>();
    private final Map<String, String> occurrenceColumns = new LinkedHashMap<>(); // column -> its aggregate
    private final Map<String, String> aggregates = new LinkedHashMap<>(); // SQL expression -> column
    private final Map<String, String> properties = new LinkedHashMap<>(); // property path -> column of ev
    private final Set<String> promoted = new LinkedHashSet<>(); // promoted columns of events read in ev
    private String revenueFallback; // the ev column of properties.revenue read from the JSON only where revenue_number is null
    private boolean revenueAsNumberOnly; // whether the rule reads revenue only as a number, so revenue_number may stand in

    /** Properties that ingestion promotes to text columns of {@code events} (see {@code Event}'s contract). */
    private static final Set<String> PROMOTED_TEXT = Set.of("category", "currency");
    private final Set<String> relevant = new LinkedHashSet<>(); // conditions on e: which events some aggregate or occurrence reads

    private SegmentSql(Instant now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** The query selecting {@code profile_id} of every loaded profile that {@code rule} selects. */
    static String compile(Rule rule, Instant now, ZoneId zone) {
        SegmentSql compiler = new SegmentSql(now, zone);
        compiler.revenueAsNumberOnly = readAsNumberOnly(rule, "revenue");
        String predicate = compiler.rule(rule);
        StringBuilder sql = new StringBuilder("WITH ev AS (");
        if (compiler.revenueFallback != null && compiler.properties.isEmpty()) {
            // the exact column where it is there, the JSON only for the other events: one part never reads the messages
            sql.append(compiler.events("e.revenue_number, NULL::JSON AS " + compiler.revenueFallback, "e.revenue_number IS NOT NULL"))
                    .append(" UNION ALL ")
                    .append(compiler.events("NULL::" + DECIMAL + " AS revenue_number, " + path(List.of("properties"), "e.json", "revenue") + " AS "
                            + compiler.revenueFallback, "e.revenue_number IS NULL"));
        } else {
            String revenue = compiler.revenueFallback == null ? null : "e.revenue_number, CASE WHEN e.revenue_number IS NULL THEN "
                    + path(List.of("properties"), "e.json", "revenue") + " END AS " + compiler.revenueFallback;
            sql.append(compiler.events(revenue, null));
        }
        sql.append(")");
        if (!compiler.occurrences.isEmpty()) {
            sql.append(", occurrences AS (SELECT profile_id");
            compiler.occurrenceColumns.forEach((column, expression) -> sql.append(", ").append(expression).append(" AS ").append(column));
            sql.append(" FROM ev GROUP BY profile_id)");
        }
        if (!compiler.aggregates.isEmpty()) {
            sql.append(", aggregates AS (SELECT ev.profile_id");
            compiler.aggregates.forEach((expression, column) -> sql.append(", ").append(expression).append(" AS ").append(column));
            sql.append(" FROM ev");
            if (!compiler.occurrences.isEmpty()) {
                sql.append(" LEFT JOIN occurrences o ON o.profile_id = ev.profile_id");
            }
            sql.append(" GROUP BY ev.profile_id)");
        }
        sql.append(" SELECT p.profile_id FROM segment_profiles p");
        if (!compiler.occurrences.isEmpty()) {
            sql.append(" LEFT JOIN occurrences o ON o.profile_id = p.profile_id");
        }
        if (!compiler.aggregates.isEmpty()) {
            sql.append(" LEFT JOIN aggregates a ON a.profile_id = p.profile_id");
        }
        return sql.append(" WHERE ").append(predicate).toString();
    }

    /** The relevant events with the columns the rule reads, and {@code extra} columns and condition when given. */
    private String events(String extra, String condition) {
        StringBuilder sql = new StringBuilder("SELECT k.profile_id, e.type, e.name, e.channel, e.source, e.ts");
        properties.forEach((path, column) -> sql.append(", ").append(path(List.of("properties"), "e.json", path)).append(" AS ").append(column));
        promoted.forEach(column -> sql.append(", e.").append(column).append(" AS promoted_").append(column));
        if (extra != null) {
            sql.append(", ").append(extra);
        }
        sql.append(" FROM events e JOIN segment_keys k ON e.profile_key = k.profile_key WHERE (").append(relevantEvents()).append(")");
        if (condition != null) {
            sql.append(" AND ").append(condition);
        }
        return sql.toString();
    }

    private String rule(Rule rule) {
        return switch (rule) {
            case Rule.All all -> all.rules().stream().map(this::rule).collect(Collectors.joining(" AND ", "(", ")"));
            case Rule.Any any -> any.rules().stream().map(this::rule).collect(Collectors.joining(" OR ", "(", ")"));
            case Rule.Not not -> "(NOT " + rule(not.rule()) + ")";
            case Rule.AttributeTest test -> check(test.test(), attribute(test.attribute()));
            case Rule.EventTest test -> eventTest(test);
            case Rule.OccurrenceTest test -> {
                String time = "o." + occurrence(test.occurrence());
                yield "(" + time + " IS NOT NULL AND " + within(test.window(), time) + ")";
            }
            case Rule.InSegment in -> "p.profile_id IN (SELECT profile_id FROM segment_memberships WHERE segment = " + text(in.segment()) + ")";
        };
    }

    // ---- operands: a value seen as each kind it can be compared as

    /**
     * A value as the tests see it: whether it is present, whether it is an empty list or object, and its text,
     * number, boolean and date readings (each NULL when it does not read as that kind).
     */
    private record Operand(String present, String emptyContainer, String text, String number, String bool, String date) {}

    private Operand json(String value) {
        String type = "json_type(" + value + ")";
        String string = "CASE WHEN " + type + " = 'VARCHAR' THEN json_extract_string(" + value + ", '$') END";
        return new Operand(
                "(" + value + " IS NOT NULL AND " + type + " <> 'NULL')",
                "(" + type + " = 'ARRAY' AND " + value + "::VARCHAR = '[]' OR " + type + " = 'OBJECT' AND " + value + "::VARCHAR = '{}')",
                string,
                "CASE WHEN " + type + " IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN TRY_CAST(" + value + "::VARCHAR AS " + DECIMAL + ") ELSE "
                        + decimalText(string) + " END",
                "CASE WHEN " + type + " = 'BOOLEAN' THEN " + value + "::VARCHAR = 'true' END",
                dateText(string));
    }

    private Operand column(String text) {
        return new Operand("(" + text + " IS NOT NULL)", "false", text, decimalText(text), "NULL::BOOLEAN", dateText(text));
    }

    private static Operand number(String number) {
        return new Operand("(" + number + " IS NOT NULL)", "false", "NULL::VARCHAR", number, "NULL::BOOLEAN", "NULL::DATE");
    }

    private static String decimalText(String text) {
        return "CASE WHEN regexp_full_match(" + text + ", '" + Values.PLAIN_DECIMAL + "') THEN TRY_CAST(" + text + " AS " + DECIMAL + ") END";
    }

    private String dateText(String text) {
        return "CASE WHEN regexp_full_match(" + text + ", '" + Values.ISO_DATE + "') THEN TRY_CAST(" + text + " AS DATE) "
                + "WHEN regexp_full_match(" + text + ", '" + Values.TIMESTAMP_WITH_OFFSET + "') THEN (TRY_CAST(" + text + " AS TIMESTAMPTZ) AT TIME ZONE "
                + text(zone.getId()) + ")::DATE END";
    }

    private static String fold(String text) {
        return "lower(replace(" + text + ", 'ı', 'i'))";
    }

    // ---- tests

    private String check(Check check, Operand operand) {
        return switch (check) {
            case Check.Compare compare -> compare(operand, compare.operator(), compare.value());
            case Check.Between between -> "(" + compare(operand, Check.Operator.GE, between.low()) + " AND " + compare(operand, Check.Operator.LE, between.high()) + ")";
            case Check.In in -> in.values().stream().map(value -> compare(operand, Check.Operator.EQ, value)).collect(Collectors.joining(" OR ", "(", ")"));
            case Check.Contains contains -> "coalesce(contains(" + fold(operand.text()) + ", " + text(Values.fold(contains.text())) + "), false)";
            case Check.StartsWith startsWith -> "coalesce(starts_with(" + fold(operand.text()) + ", " + text(Values.fold(startsWith.text())) + "), false)";
            case Check.Exists exists -> operand.present();
            case Check.IsEmpty empty -> "(NOT " + operand.present() + " OR coalesce(" + operand.text() + " = '', false) OR coalesce(" + operand.emptyContainer() + ", false))";
        };
    }

    private String compare(Operand operand, Check.Operator operator, Value literal) {
        String sqlOperator = operator.symbol(); // = != < <= > >=, all DuckDB operators
        String comparison = switch (literal) {
            case Value.Text text -> fold(operand.text()) + " " + sqlOperator + " " + text(Values.fold(text.text()));
            case Value.Number number -> operand.number() + " " + sqlOperator + " " + decimal(number.number());
            case Value.Bool bool -> operand.bool() + " " + sqlOperator + " " + bool.value();
            case Value.Date date -> operand.date() + " " + sqlOperator + " " + date(date.date());
        };
        return "coalesce(" + comparison + ", false)";
    }

    // ---- attributes

    private Operand attribute(Attribute attribute) {
        return switch (attribute) {
            case Attribute.Trait trait -> json(path("p.traits", trait.name()));
            case Attribute.Computed computed -> json("json_extract(p.computed, " + text(jsonPath(List.of(computed.name()))) + ")");
            case Attribute.Age age -> number(age(json(path("p.traits", age.trait())).date()));
            case Attribute.DaysToAnniversary days -> number(daysToAnniversary(json(path("p.traits", days.trait())).date()));
        };
    }

    /** Full years from {@code born} to today; NULL for a date after today. */
    private String age(String born) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        return "CASE WHEN " + born + " <= " + date(today) + " THEN " + today.getYear() + " - year(" + born + ") - CASE WHEN month(" + born + ") > " + today.getMonthValue()
                + " OR month(" + born + ") = " + today.getMonthValue() + " AND day(" + born + ") > " + today.getDayOfMonth() + " THEN 1 ELSE 0 END END";
    }

    /** Days from today to the next anniversary of {@code date}; a 29 February falls on the 28th in other years. */
    private String daysToAnniversary(String date) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        String thisYear = anniversary(date, today.getYear());
        String nextYear = anniversary(date, today.getYear() + 1);
        return "CASE WHEN " + date + " IS NOT NULL THEN CASE WHEN " + thisYear + " >= " + date(today) + " THEN " + thisYear + " - " + date(today)
                + " ELSE " + nextYear + " - " + date(today) + " END END";
    }

    private static String anniversary(String date, int year) {
        boolean leap = java.time.Year.isLeap(year);
        return "make_date(" + year + ", month(" + date + "), " + (leap ? "day(" + date + ")" : "CASE WHEN month(" + date + ") = 2 AND day(" + date + ") = 29 THEN 28 ELSE day(" + date + ") END") + ")";
    }

    /** A trait or property: the whole name first, else the dotted path into objects, as the evaluator reads it. */
    private static String path(String document, String name) {
        return path(List.of(), document, name);
    }

    /** {@code name} read under the keys {@code under} (such as {@code properties}) of {@code document}. */
    private static String path(List<String> under, String document, String name) {
        List<String> whole = new ArrayList<>(under);
        whole.add(name);
        String wholeValue = "json_extract(" + document + ", " + text(jsonPath(whole)) + ")";
        if (name.indexOf('.') < 0) {
            return wholeValue;
        }
        List<String> dotted = new ArrayList<>(under);
        dotted.addAll(List.of(name.split("\\.", -1)));
        return "coalesce(" + wholeValue + ", json_extract(" + document + ", " + text(jsonPath(dotted)) + "))";
    }

    /**
     * The events an aggregate or occurrence of the rule can read: of a filter's type and name and within its
     * window (an occurrence, or an "after" window, reads the whole history). The others count nowhere, so they are
     * left out before any property is read.
     */
    /** Whether an event is one some aggregate or occurrence reads. */
    private String relevantEvents() {
        return relevant.isEmpty() ? "false" : relevant.stream().collect(Collectors.joining(" OR "));
    }

    /** The condition on {@code events e} that an event may match one of the filters by type and name. */
    static String mayMatchAny(java.util.Collection<EventFilter> filters) {
        return filters.isEmpty() ? "false" : filters.stream().map(SegmentSql::typeAndName).distinct().collect(Collectors.joining(" OR "));
    }

    private static String typeAndName(EventFilter filter) {
        return "(" + (filter.type() == null ? "true" : "e.type = " + text(filter.type().id())) + (filter.name() == null ? "" : " AND e.name = " + text(filter.name())) + ")";
    }

    /** A JSON Pointer to {@code keys} (RFC 6901: '~' and '/' escaped), which takes any key, quotes and dots included. */
    private static String jsonPath(List<String> keys) {
        StringBuilder pointer = new StringBuilder();
        for (String key : keys) {
            pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
        }
        return pointer.toString();
    }

    // ---- events

    private String eventTest(Rule.EventTest test) {
        relevant.add(typeAndName(test.filter()) + (test.window() instanceof Window.After ? "" : " AND " + within(test.window(), "e.ts")));
        String filter = filter(test.filter()) + " AND " + within(test.window(), "ev.ts");
        return switch (test.aggregate()) {
            case Aggregate.Count count -> check(test.test(), number("coalesce(a." + aggregate("count(*) FILTER (WHERE " + filter + ")") + ", 0)"));
            case Aggregate.Sum sum -> check(test.test(), number("coalesce(a." + aggregate("sum(" + property(sum.property()).number() + ") FILTER (WHERE " + filter + ")") + ", 0)"));
            case Aggregate.Min min -> check(test.test(), number("a." + aggregate("min(" + property(min.property()).number() + ") FILTER (WHERE " + filter + ")")));
            case Aggregate.Max max -> check(test.test(), number("a." + aggregate("max(" + property(max.property()).number() + ") FILTER (WHERE " + filter + ")")));
            case Aggregate.DistinctCount distinct -> check(test.test(), number("coalesce(a." + aggregate("count(DISTINCT " + distinctKey(property(distinct.property()))
                    + ") FILTER (WHERE " + filter + ")") + ", 0)"));
            case Aggregate.Avg avg -> {
                String number = property(avg.property()).number();
                String sum = "a." + aggregate("sum(" + number + ") FILTER (WHERE " + filter + ")");
                String count = "coalesce(a." + aggregate("count(" + number + ") FILTER (WHERE " + filter + ")") + ", 0)";
                yield average(test.test(), sum, count);
            }
        };
    }

    /** A test on {@code sum / count}, exactly: {@code avg op v} is {@code sum op v * count} when there is a count. */
    private static String average(Check check, String sum, String count) {
        return switch (check) {
            case Check.Compare compare -> "(" + count + " > 0 AND " + scaled(sum, compare.operator(), compare.value(), count) + ")";
            case Check.Between between -> "(" + count + " > 0 AND " + scaled(sum, Check.Operator.GE, between.low(), count) + " AND "
                    + scaled(sum, Check.Operator.LE, between.high(), count) + ")";
            case Check.In in -> "(" + count + " > 0 AND " + in.values().stream().map(value -> scaled(sum, Check.Operator.EQ, value, count))
                    .collect(Collectors.joining(" OR ", "(", ")")) + ")";
            case Check.Exists exists -> "(" + count + " > 0)";
            case Check.IsEmpty empty -> "(" + count + " = 0)";
            case Check.Contains contains -> "false";
            case Check.StartsWith startsWith -> "false";
        };
    }

    private static String scaled(String sum, Check.Operator operator, Value value, String count) {
        BigDecimal number = ((Value.Number) value).number();
        String sqlOperator = operator.symbol(); // = != < <= > >=, all DuckDB operators
        return "coalesce(" + sum + " " + sqlOperator + " " + decimal(number) + " * " + count + ", false)";
    }

    private String distinctKey(Operand operand) {
        return "CASE WHEN " + operand.text() + " IS NOT NULL THEN 't:' || " + fold(operand.text()) + " WHEN " + operand.bool() + " IS NOT NULL THEN 'b:' || "
                + operand.bool() + "::VARCHAR ELSE 'n:' || (" + operand.number() + ")::VARCHAR END";
    }

    /** A property of the event: read once per event in {@code ev}, straight from the stored message. */
    /**
     * Whether {@code check} on a promoted text column answers exactly as on the property: the column holds a
     * string property as it is and a number's digits, so tests that only a text can pass (equal to, one of,
     * containing, starting with a text that has a character no number's digits have) cannot tell them apart.
     * Ordering, inequality and emptiness can, and read the JSON.
     */
    private static boolean promotedExact(Check check) {
        return switch (check) {
            case Check.Compare compare -> compare.operator() == Check.Operator.EQ && onlyText(compare.value());
            case Check.In in -> in.values().stream().allMatch(SegmentSql::onlyText);
            case Check.Contains contains -> onlyText(new Value.Text(contains.text()));
            case Check.StartsWith startsWith -> onlyText(new Value.Text(startsWith.text()));
            case Check.Between between -> false;
            case Check.Exists exists -> false;
            case Check.IsEmpty empty -> false;
        };
    }

    /** A text literal with a character that the digits of no number have (a number reads as 42, -1.5, 1.5E10). */
    private static boolean onlyText(Value literal) {
        return literal instanceof Value.Text text && Values.fold(text.text()).chars().anyMatch(c -> "0123456789.+-e".indexOf(c) < 0);
    }

    private Operand promoted(String path) {
        promoted.add(path);
        return column("ev.promoted_" + path);
    }

    /**
     * Whether every use of the property reads it as a number: sums, averages, least and greatest, and tests against
     * numbers. Then the exact {@code revenue_number} column (see {@code ExactRevenue}) may stand in for the JSON.
     */
    private static boolean readAsNumberOnly(Rule rule, String path) {
        return RuleParts.filters(rule).stream().allMatch(filter -> numbersOnly(filter.where(), path)) && !countsDistinct(rule, path);
    }

    private static boolean numbersOnly(Where where, String path) {
        return switch (where) {
            case Where.All all -> all.conditions().stream().allMatch(condition -> numbersOnly(condition, path));
            case Where.Any any -> any.conditions().stream().allMatch(condition -> numbersOnly(condition, path));
            case Where.Not not -> numbersOnly(not.condition(), path);
            case Where.FieldTest test -> !(test.field() instanceof EventField.Property property && property.path().equals(path))
                    || switch (test.test()) {
                        case Check.Compare compare -> compare.value() instanceof Value.Number;
                        case Check.Between between -> between.low() instanceof Value.Number;
                        case Check.In in -> in.values().stream().allMatch(value -> value instanceof Value.Number);
                        case Check.Contains contains -> false;
                        case Check.StartsWith startsWith -> false;
                        case Check.Exists exists -> false;
                        case Check.IsEmpty empty -> false;
                    };
        };
    }

    private static boolean countsDistinct(Rule rule, String path) {
        return switch (rule) {
            case Rule.All all -> all.rules().stream().anyMatch(part -> countsDistinct(part, path));
            case Rule.Any any -> any.rules().stream().anyMatch(part -> countsDistinct(part, path));
            case Rule.Not not -> countsDistinct(not.rule(), path);
            case Rule.EventTest test -> test.aggregate() instanceof Aggregate.DistinctCount distinct && distinct.property().equals(path);
            case Rule.OccurrenceTest test -> false;
            case Rule.AttributeTest test -> false;
            case Rule.InSegment in -> false;
        };
    }

    private Operand property(String path) {
        if (path.equals("revenue") && revenueAsNumberOnly) {
            if (revenueFallback == null) {
                revenueFallback = "revenue_json";
            }
            return number("coalesce(ev.revenue_number, " + json("ev." + revenueFallback).number() + ")");
        }
        return json("ev." + properties.computeIfAbsent(path, unused -> "p" + properties.size()));
    }

    private String aggregate(String expression) {
        return aggregates.computeIfAbsent(expression, unused -> "a" + aggregates.size());
    }

    /** The column of an occurrence, its aggregate compiled at once (so its filter's properties are read in {@code ev}). */
    private String occurrence(Occurrence occurrence) {
        String column = occurrences.get(occurrence);
        if (column == null) {
            column = "o" + occurrences.size();
            occurrences.put(occurrence, column);
            occurrenceColumns.put(column, occurrenceColumn(occurrence));
        }
        return column;
    }

    private String occurrenceColumn(Occurrence occurrence) {
        relevant.add(typeAndName(occurrence.filter()));
        return switch (occurrence.which()) {
            case FIRST -> "min(ts)";
            case LAST -> "max(ts)";
        } + " FILTER (WHERE " + filter(occurrence.filter()) + ")";
    }

    private String filter(EventFilter filter) {
        List<String> conditions = new ArrayList<>();
        if (filter.type() != null) {
            conditions.add("ev.type = " + text(filter.type().id()));
        }
        if (filter.name() != null) {
            conditions.add("ev.name = " + text(filter.name()));
        }
        conditions.add(where(filter.where()));
        return conditions.stream().collect(Collectors.joining(" AND ", "(", ")"));
    }

    private String where(Where where) {
        return switch (where) {
            case Where.All all -> all.conditions().isEmpty() ? "true" : all.conditions().stream().map(this::where).collect(Collectors.joining(" AND ", "(", ")"));
            case Where.Any any -> any.conditions().stream().map(this::where).collect(Collectors.joining(" OR ", "(", ")"));
            case Where.Not not -> "(NOT " + where(not.condition()) + ")";
            case Where.FieldTest test -> check(test.test(), switch (test.field()) {
                case EventField.Property property -> PROMOTED_TEXT.contains(property.path()) && promotedExact(test.test())
                        ? promoted(property.path()) : property(property.path());
                case EventField.ChannelField channel -> column("ev.channel");
                case EventField.SourceField source -> column("ev.source");
            });
        };
    }

    /** Whether {@code time} is within {@code window}; an "after" window reads its occurrence's column. */
    private String within(Window window, String time) {
        if (window instanceof Window.After after) {
            String anchor = "o." + occurrence(after.occurrence());
            return "(" + anchor + " IS NOT NULL AND " + time + " > " + anchor + ")";
        }
        TimeRange range = Windows.range(window, now, zone, unused -> {
            throw new IllegalStateException("only an 'after' window reads an occurrence");
        });
        StringJoiner conditions = new StringJoiner(" AND ", "(", ")");
        conditions.add("true");
        if (range.from() != null) {
            conditions.add(time + (range.fromExcluded() ? " > " : " >= ") + timestamp(range.from()));
        }
        if (range.to() != null) {
            conditions.add(time + " < " + timestamp(range.to()));
        }
        return conditions.toString();
    }

    // ---- literals

    /** A moment as a time stamp; rounded up to the microsecond, which keeps {@code >=} and {@code <} exact for stored times. */
    private static String timestamp(Instant instant) {
        // windows reaching past the years 0001 to 9999 (in last 200000000 days) hold every stored time anyway
        Instant clamped = instant.isBefore(FIRST_TIME) ? FIRST_TIME : instant.isAfter(LAST_TIME) ? LAST_TIME : instant;
        long micros = clamped.getEpochSecond() * 1_000_000L + (clamped.getNano() + 999) / 1_000;
        return "make_timestamp(" + micros + "::BIGINT)";
    }

    private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59Z");

    private static String date(LocalDate date) {
        return "DATE '" + date + "'";
    }

    private static String decimal(BigDecimal number) {
        return number.toPlainString() + "::" + DECIMAL;
    }

    static String text(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
