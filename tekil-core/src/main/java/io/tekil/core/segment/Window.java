package io.tekil.core.segment;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * When the events a rule counts happened. Day, month and year boundaries are midnights in the workspace time
 * zone; minutes and hours are exact durations. Open windows ({@link Last}, {@link After}) have no end, so an
 * event stamped a little in the future (a client clock ahead) counts at once.
 */
public sealed interface Window {

    /** The whole history. */
    record Ever() implements Window {}

    /**
     * Since {@code amount} units before now: for minutes and hours exactly, for days since the midnight that
     * began the day {@code amount} days ago, for months since the midnight of the same day of the month
     * {@code amount} months ago (the month's last day when it is shorter).
     */
    record Last(int amount, Unit unit) implements Window {
        public Last {
            requireNonNull(unit, "unit is null");
            if (amount < 1) {
                throw new IllegalArgumentException(String.format("a window of the last %d %s is empty; use at least 1", amount, unit.plural()));
            }
        }
    }

    /** Everything before {@code Last(amount, unit)} begins: "more than 60 days ago". */
    record Before(int amount, Unit unit) implements Window {
        public Before {
            requireNonNull(unit, "unit is null");
            if (amount < 1) {
                throw new IllegalArgumentException(String.format("'more than %d %s ago' needs at least 1", amount, unit.plural()));
            }
        }
    }

    /** The calendar period now is in: today, this month, this year. */
    record This(Period period) implements Window {
        public This {
            requireNonNull(period, "period is null");
        }
    }

    /** The calendar period before the current one: yesterday, last month, last year. */
    record Previous(Period period) implements Window {
        public Previous {
            requireNonNull(period, "period is null");
        }
    }

    /** From the start of {@code from} to the end of {@code to}. */
    record Between(LocalDate from, LocalDate to) implements Window {
        public Between {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException(String.format("the window ends (%s) before it starts (%s)", to, from));
            }
        }
    }

    /** Strictly after the occurrence; empty when the profile has no such event. */
    record After(Occurrence occurrence) implements Window {
        public After {
            requireNonNull(occurrence, "occurrence is null");
        }
    }

    enum Unit {
        MINUTES,
        HOURS,
        DAYS,
        MONTHS;

        public String plural() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Period {
        DAY,
        MONTH,
        YEAR
    }
}
