package io.tekil.core.identity.match;

import com.fasterxml.jackson.databind.JsonNode;
import io.tekil.core.profile.Trait;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A profile's traits as a {@link PersonRecord}, reading the names Segment's spec and Tekil's mappings use:
 * {@code firstName}/{@code first_name}, {@code lastName}/{@code last_name}, {@code birthday}/{@code birth_date}
 * (ISO date, or the start of an ISO timestamp), {@code city} or {@code address.city}, {@code address.street} or a
 * text {@code address}, {@code postalCode}/{@code postcode} or {@code address.postalCode}, and {@code phone}.
 */
public final class ProfileRecords {
    private ProfileRecords() {}

    /** The record of a profile; null when it has neither a name nor a birth date (nothing to match on). */
    public static PersonRecord of(String profileId, Map<String, Trait> traits) {
        PersonRecord record = new PersonRecord(profileId)
                .with(MatchField.FIRST_NAME, text(traits, "firstName", "first_name"))
                .with(MatchField.LAST_NAME, text(traits, "lastName", "last_name"))
                .with(MatchField.CITY, firstNonBlank(text(traits, "city"), nested(traits, "address", "city")))
                .with(MatchField.ADDRESS, firstNonBlank(nested(traits, "address", "street"), textOnly(traits, "address")))
                .with(MatchField.POSTCODE, firstNonBlank(text(traits, "postalCode", "postcode", "postal_code"), nested(traits, "address", "postalCode")))
                .with(MatchField.PHONE, text(traits, "phone"))
                .birthDate(date(text(traits, "birthday", "birth_date", "birthDate")));
        boolean named = record.text(MatchField.FIRST_NAME) != null || record.text(MatchField.LAST_NAME) != null;
        return named || record.birthDate() != null ? record : null;
    }

    private static String text(Map<String, Trait> traits, String... names) {
        for (String name : names) {
            Trait trait = traits.get(name);
            if (trait != null && trait.value().isValueNode() && !trait.value().asText().isBlank()) {
                return trait.value().asText();
            }
        }
        return null;
    }

    private static String textOnly(Map<String, Trait> traits, String name) {
        Trait trait = traits.get(name);
        return trait != null && trait.value().isTextual() ? trait.value().asText() : null;
    }

    private static String nested(Map<String, Trait> traits, String name, String field) {
        Trait trait = traits.get(name);
        if (trait == null) {
            return null;
        }
        JsonNode value = trait.value().path(field);
        return value.isValueNode() ? value.asText() : null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static LocalDate date(String text) {
        if (text == null || text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
