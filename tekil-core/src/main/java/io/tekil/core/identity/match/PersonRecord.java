package io.tekil.core.identity.match;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * What is known of one person in one place (a CRM row, a store customer, a profile's traits), for probabilistic
 * matching. Text fields are kept folded ({@link TurkishFolding}); absent or blank values are simply missing, and a
 * missing value is no evidence either way.
 */
public final class PersonRecord {
    private final String id;
    private final Map<MatchField, String> text = new EnumMap<>(MatchField.class);
    private LocalDate birthDate;

    public PersonRecord(String id) {
        this.id = requireNonNull(id, "id is null");
    }

    public String id() {
        return id;
    }

    /** Sets a text field, folded; a blank value leaves it missing. For {@link MatchField#BIRTH_DATE} use {@link #birthDate(LocalDate)}. */
    public PersonRecord with(MatchField field, String value) {
        if (field == MatchField.BIRTH_DATE) {
            throw new IllegalArgumentException("a birth date is a date; use birthDate(LocalDate)");
        }
        if (value != null && !value.isBlank()) {
            String folded = field == MatchField.PHONE ? value.replaceAll("[^0-9]", "") : TurkishFolding.fold(value);
            if (!folded.isEmpty()) {
                text.put(field, folded);
            }
        }
        return this;
    }

    public PersonRecord birthDate(LocalDate date) {
        this.birthDate = date;
        return this;
    }

    /** The folded value, or null when missing. */
    public String text(MatchField field) {
        return text.get(field);
    }

    /** The birth date, or null when missing. */
    public LocalDate birthDate() {
        return birthDate;
    }

    @Override
    public String toString() {
        return id + text + (birthDate == null ? "" : " " + birthDate);
    }
}
