package io.tekil.datagen;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * The CRM export row of one customer, where most identity noise lives: names with the clerk's typo, the
 * address as the customer spelled it (or their other address), a phone in any format, blocked junk values,
 * and fields left empty.
 */
final class CrmContacts {
    private final Timeline timeline;

    CrmContacts(Timeline timeline) {
        this.timeline = timeline;
    }

    void write(Chunk chunk, GroundTruth truth, Person person) {
        if (person.customerNo == null) {
            return;
        }
        SplittableRandom random = person.random;
        PersonCore core = person.core;
        truth.record(OutputFile.CRM, person.customerNo);
        truth.saw(IdentifierType.CRM_ID, person.customerNo);
        chunk.count(OutputFile.CRM);
        Utf8Builder out = chunk.out(OutputFile.CRM);
        out.append(person.customerNo).append(',')
                .appendCsvField(person.crmFirstName, ',').append(',')
                .appendCsvField(person.crmLastName, ',').append(',');
        String email = email(person, random);
        if (person.junk != null && person.junk.type() == IdentifierType.EMAIL) {
            truth.sawJunk(person.junk);
            out.appendCsvField(person.junk.value(), ',');
        } else if (email != null) {
            truth.saw(IdentifierType.EMAIL, email);
            out.appendCsvField(email, ',');
        }
        out.append(',');
        if (person.junk != null && person.junk.type() == IdentifierType.PHONE) {
            truth.sawJunk(person.junk);
            out.append(person.junk.value());
        } else if (random.nextDouble() >= 0.06) {
            String phone = PhoneFormat.sample(random).format(person.nationalPhone);
            truth.saw(IdentifierType.PHONE, phone);
            out.appendCsvField(phone, ',');
        }
        out.append(',');
        if (random.nextDouble() >= 0.05) {
            out.append(Timeline.isoDate(LocalDate.ofEpochDay(core.birthEpochDay())));
        }
        out.append(',').append(core.genderCode()).append(',')
                .appendCsvField(core.city(), ',').append(',')
                .appendCsvField(core.district(), ',').append(',')
                .append(core.incomeBand()).append(',');
        if (person.loyaltyNo != null) {
            truth.saw(IdentifierType.LOYALTY_ID, person.loyaltyNo);
            out.append(person.loyaltyNo);
        }
        out.append(',');
        appendCreatedAt(out, person, random);
        out.append('\n');
    }

    /** Their other address if they have one, else their careless spelling if any, else (mostly) the address. */
    private static String email(Person person, SplittableRandom random) {
        if (person.secondEmail != null) {
            return person.secondEmail;
        }
        if (person.emailVariant != null) {
            return person.emailVariant;
        }
        return random.nextDouble() < 0.08 ? null : person.email;
    }

    /** New customers joined within the window; everyone else up to four years before it. */
    private void appendCreatedAt(Utf8Builder out, Person person, SplittableRandom random) {
        int msOfDay = Moments.sampleMsOfDay(random, Moments.CALL_CENTER);
        int days = timeline.days();
        if (person.lifecycle == Lifecycle.NEW) {
            int from = Math.min(days - 1, (int) (person.curve.first() * days));
            timeline.appendLocalDateTime(out, from + random.nextInt(days - from), msOfDay);
        } else {
            LocalDate date = timeline.date(0).minusDays(1 + random.nextInt(4 * 365));
            out.append(Timeline.isoDate(date)).append(' ');
            Timeline.appendClock(out, msOfDay);
        }
    }
}
