package io.tekil.core.identity.match;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A blocking key: only records that share the key of at least one rule are compared, so matching is about
 * linear in the records instead of quadratic. The key is the values of its {@link Part parts} joined; a record
 * with a missing part has no key for that rule. Rules are values: two rules with the same name and parts are
 * equal, so a matching model read from a file can be compared with one written in code.
 */
public record BlockingRule(String name, List<Part> parts) {
    public BlockingRule {
        requireNonNull(name, "name is null");
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(String.format("blocking rule '%s' has no parts; give at least one field", name));
        }
    }

    /** Last name and birth year; first name and birth date; the phone's last 7 digits; last name, first initial and city; postcode and last name. */
    public static final List<BlockingRule> DEFAULTS = List.of(
            new BlockingRule("last_name+birth_year", List.of(new Part.Whole(MatchField.LAST_NAME), new Part.BirthYear())),
            new BlockingRule("first_name+birth_date", List.of(new Part.Whole(MatchField.FIRST_NAME), new Part.Whole(MatchField.BIRTH_DATE))),
            new BlockingRule("phone_suffix", List.of(new Part.Last(MatchField.PHONE, 7))),
            new BlockingRule("last_name+first_initial+city", List.of(new Part.Whole(MatchField.LAST_NAME), new Part.First(MatchField.FIRST_NAME, 1),
                    new Part.Whole(MatchField.CITY))),
            new BlockingRule("postcode+last_name", List.of(new Part.Whole(MatchField.POSTCODE), new Part.Whole(MatchField.LAST_NAME))));

    /**
     * The fields the key is made of: pairs found by this rule agree on them by construction, so they say nothing
     * about those fields' agreement among matches, and estimation leaves them out.
     */
    public Set<MatchField> fields() {
        Set<MatchField> fields = EnumSet.noneOf(MatchField.class);
        parts.forEach(part -> fields.add(part.field()));
        return Set.copyOf(fields);
    }

    /** The record's key for this rule, or null when a part is missing. */
    public String key(PersonRecord record) {
        StringBuilder key = new StringBuilder();
        for (Part part : parts) {
            String value = part.value(record);
            if (value == null) {
                return null;
            }
            key.append(key.isEmpty() ? "" : "|").append(value); // folded text holds no '|'
        }
        return key.toString();
    }

    /**
     * One part of a key. Its text form, as in matching model files, is the field's id with an optional function:
     * {@code last_name}, {@code birth_date}, {@code birth_date.year}, {@code first_name.first(1)},
     * {@code phone.last(7)}.
     */
    public sealed interface Part {
        MatchField field();

        /** The part's value for a record, or null when missing. */
        String value(PersonRecord record);

        /** The text form, which {@link #parse} reads back. */
        String text();

        /** The whole folded value; for {@link MatchField#BIRTH_DATE} the ISO date. */
        record Whole(MatchField field) implements Part {
            public Whole {
                requireNonNull(field, "field is null");
            }

            @Override
            public String value(PersonRecord record) {
                if (field == MatchField.BIRTH_DATE) {
                    LocalDate date = record.birthDate();
                    return date == null ? null : date.toString();
                }
                return record.text(field);
            }

            @Override
            public String text() {
                return field.id();
            }
        }

        /** The year of the birth date. */
        record BirthYear() implements Part {
            @Override
            public MatchField field() {
                return MatchField.BIRTH_DATE;
            }

            @Override
            public String value(PersonRecord record) {
                LocalDate date = record.birthDate();
                return date == null ? null : Integer.toString(date.getYear());
            }

            @Override
            public String text() {
                return "birth_date.year";
            }
        }

        /** The first {@code characters} characters of the folded text; missing when it is shorter (an initial: 1). */
        record First(MatchField field, int characters) implements Part {
            public First {
                requireText(field, characters);
            }

            @Override
            public String value(PersonRecord record) {
                String text = record.text(field);
                return text == null || text.length() < characters ? null : text.substring(0, characters);
            }

            @Override
            public String text() {
                return field.id() + ".first(" + characters + ")";
            }
        }

        /** The last {@code characters} characters of the folded text; missing when it is shorter (a phone suffix: 7). */
        record Last(MatchField field, int characters) implements Part {
            public Last {
                requireText(field, characters);
            }

            @Override
            public String value(PersonRecord record) {
                String text = record.text(field);
                return text == null || text.length() < characters ? null : text.substring(text.length() - characters);
            }

            @Override
            public String text() {
                return field.id() + ".last(" + characters + ")";
            }
        }

        /**
         * Reads the text form.
         *
         * @throws IllegalArgumentException saying what is wrong and what would be right
         */
        static Part parse(String text) {
            Matcher form = FORM.matcher(text.trim());
            if (!form.matches()) {
                throw new IllegalArgumentException(String.format("'%s' is not a key part; write a field (last_name), "
                        + "birth_date.year, or a field's first(N) or last(N) characters (first_name.first(1), phone.last(7))", text));
            }
            MatchField field = MatchField.fromId(form.group(1));
            String function = form.group(2);
            if (function == null) {
                return new Whole(field);
            }
            if (function.equals("year")) {
                if (field != MatchField.BIRTH_DATE) {
                    throw new IllegalArgumentException(String.format("'%s': only birth_date has a year", text));
                }
                return new BirthYear();
            }
            int characters = Integer.parseInt(form.group(4));
            return form.group(3).equals("first") ? new First(field, characters) : new Last(field, characters);
        }

        private static void requireText(MatchField field, int characters) {
            requireNonNull(field, "field is null");
            if (field == MatchField.BIRTH_DATE) {
                throw new IllegalArgumentException("birth_date is a date; block on birth_date or birth_date.year");
            }
            if (characters < 1) {
                throw new IllegalArgumentException(String.format("%s: take at least 1 character, not %d", field.id(), characters));
            }
        }
    }

    private static final Pattern FORM = Pattern.compile("([a-z_]+)(?:\\.(year|(first|last)\\((\\d{1,4})\\)))?");
}
