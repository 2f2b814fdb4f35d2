package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A test on one value: a trait, an event property or an aggregate. A test on a missing value is false, except
 * {@link IsEmpty}; so {@code city != "Ankara"} does not select profiles without a city, and
 * {@code not city = "Ankara"} does.
 */
public sealed interface Check {

    /** Count of at least one: what "did" means. */
    Check AT_LEAST_ONE = new Compare(Operator.GE, Value.Number.of(1));

    /** The literals the test compares with (the text of {@code contains} and {@code starts with} included). */
    static List<Value> literals(Check test) {
        return switch (test) {
            case Compare compare -> List.of(compare.value());
            case Between between -> List.of(between.low(), between.high());
            case In in -> in.values();
            case Contains contains -> List.of(new Value.Text(contains.text()));
            case StartsWith startsWith -> List.of(new Value.Text(startsWith.text()));
            case Exists exists -> List.of();
            case IsEmpty empty -> List.of();
        };
    }

    /**
     * @throws IllegalArgumentException when {@code test} compares {@code described} (a value of {@code kind}) with a
     *     literal of another kind
     */
    static void requireKind(Check test, Class<? extends Value> kind, String described) {
        for (Value literal : literals(test)) {
            if (!kind.isInstance(literal)) {
                throw new IllegalArgumentException(String.format("%s is %s, but the test compares it with %s; %s",
                        described, Values.kindName(kind), Values.kind(literal),
                        kind == Value.Text.class ? "put the value in quotes" : "compare it with " + Values.kindName(kind)));
            }
        }
    }

    record Compare(Operator operator, Value value) implements Check {
        public Compare {
            requireNonNull(operator, "operator is null");
            requireNonNull(value, "value is null");
            if (value instanceof Value.Bool && operator != Operator.EQ && operator != Operator.NE) {
                throw new IllegalArgumentException(String.format(
                        "'%s' does not order true and false; use = or != with a boolean", operator.symbol()));
            }
        }
    }

    /** Between {@code low} and {@code high}, both included. */
    record Between(Value low, Value high) implements Check {
        public Between {
            requireNonNull(low, "low is null");
            requireNonNull(high, "high is null");
            if (!Values.sameKind(low, high)) {
                throw new IllegalArgumentException(String.format("'between' needs two values of one kind, got %s and %s",
                        Values.kind(low), Values.kind(high)));
            }
            if (low instanceof Value.Bool) {
                throw new IllegalArgumentException("'between' does not order true and false");
            }
        }
    }

    /** Equal to one of {@code values}. */
    record In(List<Value> values) implements Check {
        public In {
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("'in' needs at least one value");
            }
        }
    }

    /** A text that contains {@code text}, compared case-insensitively like {@code =}. */
    record Contains(String text) implements Check {
        public Contains {
            requireNonNull(text, "text is null");
        }
    }

    record StartsWith(String text) implements Check {
        public StartsWith {
            requireNonNull(text, "text is null");
        }
    }

    /** The value is present and not null. */
    record Exists() implements Check {}

    /** The value is missing, null, the empty text, or an empty list or object. */
    record IsEmpty() implements Check {}

    enum Operator {
        EQ("="),
        NE("!="),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** Whether a comparison that came out {@code order} (negative, zero, positive) passes. */
        public boolean accepts(int order) {
            return switch (this) {
                case EQ -> order == 0;
                case NE -> order != 0;
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                case GE -> order >= 0;
            };
        }
    }
}
