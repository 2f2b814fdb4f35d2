package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A literal in a rule. */
public sealed interface Value {

    record Text(String text) implements Value {
        public Text {
            requireNonNull(text, "text is null");
        }
    }

    /** A number; equal numbers are equal whatever their scale ({@code 10} and {@code 10.0}). */
    record Number(BigDecimal number) implements Value {
        public Number {
            requireNonNull(number, "number is null");
            number = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
        }

        /**
         * A number written in a rule: at most 28 digits before the point and 10 after it, the range every engine
         * compares exactly.
         *
         * @throws IllegalArgumentException when it is out of that range
         */
        public static Number literal(BigDecimal number) {
            Number value = new Number(number);
            if (value.number().scale() > 10 || value.number().precision() - value.number().scale() > 28) {
                throw new IllegalArgumentException(String.format(
                        "%s is out of range: numbers in rules have at most 28 digits before the point and 10 after it", value.number().toPlainString()));
            }
            return value;
        }

        public static Number of(long number) {
            return new Number(BigDecimal.valueOf(number));
        }
    }

    record Bool(boolean value) implements Value {}

    /** A calendar date; a time stamp compared with it counts by its date in the workspace time zone. */
    record Date(LocalDate date) implements Value {
        public Date {
            requireNonNull(date, "date is null");
        }
    }
}
