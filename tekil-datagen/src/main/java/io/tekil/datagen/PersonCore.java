package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

/**
 * The true, typo-free facts about a person, as {@code truth/people.csv} lists them (lifecycle aside).
 *
 * @param female written {@code K} (kadın) or {@code E} (erkek) in the exports
 * @param birthEpochDay birth date as days since 1970-01-01
 * @param incomeBand monthly income in TRY, e.g. {@code 10000-25000}
 */
record PersonCore(
        boolean female,
        String firstName,
        String lastName,
        long birthEpochDay,
        Place place,
        String district,
        String incomeBand) {
    PersonCore {
        requireNonNull(firstName, "firstName is null");
        requireNonNull(lastName, "lastName is null");
        requireNonNull(place, "place is null");
        requireNonNull(district, "district is null");
        requireNonNull(incomeBand, "incomeBand is null");
        if (!place.districts().contains(district)) {
            throw new IllegalArgumentException(String.format("%s is not a district of %s", district, place.city()));
        }
    }

    String city() {
        return place.city();
    }

    String genderCode() {
        return female ? "K" : "E";
    }

    PersonCore withNames(boolean newFemale, String newFirstName, String newLastName) {
        return new PersonCore(newFemale, newFirstName, newLastName, birthEpochDay, place, district, incomeBand);
    }

    PersonCore withHome(Place newPlace, String newDistrict) {
        return new PersonCore(female, firstName, lastName, birthEpochDay, newPlace, newDistrict, incomeBand);
    }
}
