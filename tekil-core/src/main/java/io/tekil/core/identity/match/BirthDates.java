package io.tekil.core.identity.match;

import java.time.LocalDate;

/** How two recorded birth dates relate, from the strongest evidence of one person to none. */
public enum BirthDates {
    /** The same date. */
    EXACT,
    /** Day and month swapped ({@code 05.12} against {@code 12.05}), a common form-filling slip. */
    TRANSPOSED,
    /** The same day and month, the year one off. */
    YEAR_OFF_BY_ONE,
    /** Anything else. */
    DIFFERENT;

    public static BirthDates compare(LocalDate a, LocalDate b) {
        if (a.equals(b)) {
            return EXACT;
        }
        if (a.getYear() == b.getYear() && a.getMonthValue() == b.getDayOfMonth() && a.getDayOfMonth() == b.getMonthValue()) {
            return TRANSPOSED;
        }
        if (a.getMonthValue() == b.getMonthValue() && a.getDayOfMonth() == b.getDayOfMonth() && Math.abs(a.getYear() - b.getYear()) == 1) {
            return YEAR_OFF_BY_ONE;
        }
        return DIFFERENT;
    }
}
