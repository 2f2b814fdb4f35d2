package io.tekil.datagen;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * One simulated person while their records are generated: the true facts, every identifier they may use, their
 * habits, the identity noise planned for them, and the little state the simulation changes (whether they have
 * registered yet, how many orders they placed). Made by {@link PersonFactory}; used by one thread.
 */
final class Person {
    final int index;
    final String id;
    /** {@code ,p000001\n}: ends each of their rows in {@code truth/records.csv}. */
    final byte[] recordSuffix;
    final PersonCore core;
    final Lifecycle lifecycle;
    final LifeCurve curve;
    /** Power-law activity weight: most people near 0.4, a few up to 40; VIP times four. */
    final double activity;
    /** Ten digits after +90, e.g. {@code 5321234567}. */
    final String nationalPhone;
    final String email;
    /** A second address the person also uses (noise {@code two_emails}), or null. */
    final String secondEmail;
    /** The careless spelling of {@link #email} they type (noise {@code email_case}), or null. */
    final String emailVariant;
    /** {@code u…} once they register; null if they never do. */
    final String userId;
    /** The CRM customer number, or null when they are not in the CRM. */
    final String customerNo;
    final String loyaltyNo;
    final Browser[] browsers;
    /** Their app installs; a household partner's last one is on the tablet the household head owns. */
    final AppInstall[] apps;
    /** The tablet's device id when this person uses a tablet owned by someone else, else null. */
    final String borrowedDeviceId;
    /** Person id of the tablet's owner when {@link #borrowedDeviceId} is set. */
    final String deviceOwnerId;
    /** Person id of the same-named person in the same city this one was modelled on, or null. */
    final String namesakeOf;
    final boolean storeShopper;
    final boolean emailSubscriber;
    /** Targeted by every campaign, so that their e-mail noise reaches the data even in a short window. */
    final boolean emailedAlways;
    final int favouriteCategory;
    /** Their first name as the CRM misspelled it (noise {@code name_typo}), else the true one. */
    final String crmFirstName;
    final String crmLastName;
    /** A blocked value their CRM row carries instead of an identifier (noise {@code junk_value}), or null. */
    final JunkValue junk;
    final SplittableRandom random;

    boolean registered;
    /** Checkouts started so far; numbers their order ids. */
    int checkouts;
    /** Orders completed so far. */
    int orders;

    Person(Builder b) {
        index = b.index;
        id = personId(b.index);
        recordSuffix = ("," + id + "\n").getBytes(StandardCharsets.US_ASCII);
        core = b.core;
        lifecycle = b.lifecycle;
        curve = b.curve;
        activity = b.activity;
        nationalPhone = b.nationalPhone;
        email = b.email;
        secondEmail = b.secondEmail;
        emailVariant = b.emailVariant;
        userId = b.userId;
        customerNo = b.customerNo;
        loyaltyNo = b.loyaltyNo;
        browsers = b.browsers;
        apps = b.apps;
        borrowedDeviceId = b.borrowedDeviceId;
        deviceOwnerId = b.deviceOwnerId;
        namesakeOf = b.namesakeOf;
        storeShopper = b.storeShopper;
        emailSubscriber = b.emailSubscriber;
        emailedAlways = b.emailedAlways;
        favouriteCategory = b.favouriteCategory;
        crmFirstName = b.crmFirstName;
        crmLastName = b.crmLastName;
        junk = b.junk;
        random = b.random;
        registered = b.registeredBefore;
    }

    /** {@code p000001} for index 0. */
    static String personId(int index) {
        String digits = Integer.toString(index + 1);
        return digits.length() >= 6 ? "p" + digits : "p" + "000000".substring(digits.length()) + digits;
    }

    /** A blocked value in place of an identifier. */
    record JunkValue(IdentifierType type, String value) {}

    /** Collects the fields of a {@link Person}; every field must be set by {@link PersonFactory}. */
    static final class Builder {
        int index;
        PersonCore core;
        Lifecycle lifecycle;
        LifeCurve curve;
        double activity;
        String nationalPhone;
        String email;
        String secondEmail;
        String emailVariant;
        String userId;
        boolean registeredBefore;
        String customerNo;
        String loyaltyNo;
        Browser[] browsers;
        AppInstall[] apps;
        String borrowedDeviceId;
        String deviceOwnerId;
        String namesakeOf;
        boolean storeShopper;
        boolean emailSubscriber;
        boolean emailedAlways;
        int favouriteCategory;
        String crmFirstName;
        String crmLastName;
        JunkValue junk;
        SplittableRandom random;
    }
}
