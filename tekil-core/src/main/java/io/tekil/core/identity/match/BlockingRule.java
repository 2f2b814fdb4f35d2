package io.tekil.core.identity.match;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A blocking key: only records that share the key of at least one rule are compared, so matching is about
 * linear in the records instead of quadratic. A record with a missing part has no key for that rule.
 *
 * @param fields the fields the key is made of: pairs found by this rule agree on them by construction, so they
 *     say nothing about those fields' agreement among matches, and estimation leaves them out
 */
public record BlockingRule(String name, java.util.Set<MatchField> fields, Function<PersonRecord, String> key) {
    public BlockingRule {
        fields = java.util.Set.copyOf(fields);
    }

    /** Last name and birth year; first name and birth date; the phone's last 7 digits; last name, first initial and city; postcode and last name. */
    public static final List<BlockingRule> DEFAULTS = List.of(
            new BlockingRule("last_name+birth_year", java.util.Set.of(MatchField.LAST_NAME, MatchField.BIRTH_DATE), record -> join(record.text(MatchField.LAST_NAME),
                    record.birthDate() == null ? null : Integer.toString(record.birthDate().getYear()))),
            new BlockingRule("first_name+birth_date", java.util.Set.of(MatchField.FIRST_NAME, MatchField.BIRTH_DATE), record -> join(record.text(MatchField.FIRST_NAME),
                    record.birthDate() == null ? null : record.birthDate().toString())),
            new BlockingRule("phone_suffix", java.util.Set.of(MatchField.PHONE), record -> {
                String phone = record.text(MatchField.PHONE);
                return phone == null || phone.length() < 7 ? null : phone.substring(phone.length() - 7);
            }),
            new BlockingRule("last_name+first_initial+city", java.util.Set.of(MatchField.LAST_NAME, MatchField.FIRST_NAME, MatchField.CITY), record -> {
                String first = record.text(MatchField.FIRST_NAME);
                return join(record.text(MatchField.LAST_NAME), first == null ? null : first.substring(0, 1), record.text(MatchField.CITY));
            }),
            new BlockingRule("postcode+last_name", java.util.Set.of(MatchField.POSTCODE, MatchField.LAST_NAME), record -> join(record.text(MatchField.POSTCODE), record.text(MatchField.LAST_NAME))));

    private static String join(String... parts) {
        for (String part : parts) {
            if (part == null) {
                return null;
            }
        }
        return String.join("|", parts).toLowerCase(Locale.ROOT);
    }
}
