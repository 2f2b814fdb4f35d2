package io.tekil.datagen;

import java.util.Arrays;

/**
 * Writes the ground truth of one person at a time into a {@link Chunk}: their row of {@code truth/people.csv},
 * a row of {@code truth/records.csv} per record the writers produce for them, every identifier spelling the
 * writers report through {@link #saw} (once each, in order of first use) and the noise cases that actually
 * reached the data. Reused across people by one thread.
 *
 * <p>Identifier spellings of different people never collide (see {@link PersonFactory}), so listing each
 * person's own spellings lists every (type, value) exactly once. The exceptions are handled here: the household
 * tablet is listed by its owner only, with note {@code shared_device}; junk values go to the chunk's junk list
 * and are listed once, under their first carrier, by the file writer.
 */
final class GroundTruth {
    private Chunk chunk;
    private Person person;
    private IdentifierType[] types = new IdentifierType[32];
    private String[] values = new String[32];
    private boolean[] shared = new boolean[32];
    private int seen;
    private boolean junkWritten;
    private boolean borrowedDeviceUsed;

    void begin(Chunk chunk, Person person) {
        this.chunk = chunk;
        this.person = person;
        Arrays.fill(values, 0, seen, null);
        seen = 0;
        junkWritten = false;
        borrowedDeviceUsed = false;
        if (person.apps.length > 0 && person.borrowedDeviceId == null) {
            for (AppInstall app : person.apps) {
                if (app.tablet) {
                    add(IdentifierType.DEVICE_ID, app.deviceId, true); // the household head owns the tablet
                }
            }
        }
    }

    /** The person's record in {@code file} carried this identifier spelled exactly so. */
    void saw(IdentifierType type, String value) {
        if (!contains(type, value)) {
            add(type, value, false);
        }
    }

    /** The person's record carried the junk value instead of an identifier. */
    void sawJunk(Person.JunkValue junk) {
        if (!junkWritten) {
            junkWritten = true;
            chunk.junk.add(new Chunk.JunkOccurrence(junk.type(), junk.value(), person.id));
        }
    }

    /** The person used the household tablet they do not own. */
    void usedBorrowedDevice() {
        borrowedDeviceUsed = true;
    }

    private boolean contains(IdentifierType type, String value) {
        for (int i = 0; i < seen; i++) {
            if (types[i] == type && values[i].equals(value)) {
                return true;
            }
        }
        return false;
    }

    private void add(IdentifierType type, String value, boolean sharedDevice) {
        if (seen == types.length) {
            types = Arrays.copyOf(types, seen * 2);
            values = Arrays.copyOf(values, seen * 2);
            shared = Arrays.copyOf(shared, seen * 2);
        }
        types[seen] = type;
        values[seen] = value;
        shared[seen] = sharedDevice;
        seen++;
    }

    /** A row of truth/records.csv whose key is {@code length} bytes of {@code source} from {@code from}. */
    void record(OutputFile file, Utf8Builder source, int from, int length) {
        chunk.out(OutputFile.TRUTH_RECORDS).append(file.recordPrefix()).appendFrom(source, from, length).append(person.recordSuffix);
    }

    /** A row of truth/records.csv for a record whose key needs no CSV quoting. */
    void record(OutputFile file, String key) {
        chunk.out(OutputFile.TRUTH_RECORDS).append(file.recordPrefix()).append(key).append(person.recordSuffix);
    }

    /** Writes the person's people row, identifier rows and noise rows; call after every record of theirs. */
    void finish() {
        PersonCore core = person.core;
        Utf8Builder people = chunk.out(OutputFile.TRUTH_PEOPLE);
        people.append(person.id).append(',').appendCsvField(core.firstName(), ',').append(',')
                .appendCsvField(core.lastName(), ',').append(',')
                .append(Timeline.isoDate(java.time.LocalDate.ofEpochDay(core.birthEpochDay()))).append(',')
                .append(core.genderCode()).append(',').appendCsvField(core.city(), ',').append(',')
                .append(core.incomeBand()).append(',').append(person.lifecycle.label()).append('\n');

        Utf8Builder identifiers = chunk.out(OutputFile.TRUTH_IDENTIFIERS);
        for (int i = 0; i < seen; i++) {
            identifiers.append(types[i].labelComma()).appendCsvField(values[i], ',').append(',').append(person.id)
                    .append(shared[i] ? ",shared_device\n" : ",\n");
        }
        writeNoise();
    }

    private void writeNoise() {
        if (person.customerNo != null && !person.crmFirstName.equals(person.core.firstName())) {
            noise(NoiseKind.NAME_TYPO, person.id, "crm first_name " + person.crmFirstName + " for " + person.core.firstName());
        }
        if (person.customerNo != null && !person.crmLastName.equals(person.core.lastName())) {
            noise(NoiseKind.NAME_TYPO, person.id, "crm last_name " + person.crmLastName + " for " + person.core.lastName());
        }
        if (person.emailVariant != null && contains(IdentifierType.EMAIL, person.email)
                && contains(IdentifierType.EMAIL, person.emailVariant)) {
            noise(NoiseKind.EMAIL_CASE, person.id, person.emailVariant + " for " + person.email);
        }
        if (person.secondEmail != null && contains(IdentifierType.EMAIL, person.secondEmail)
                && (contains(IdentifierType.EMAIL, person.email)
                        || (person.emailVariant != null && contains(IdentifierType.EMAIL, person.emailVariant)))) {
            noise(NoiseKind.TWO_EMAILS, person.id, person.email + " and " + person.secondEmail);
        }
        if (borrowedDeviceUsed) {
            noise(NoiseKind.SHARED_DEVICE, person.deviceOwnerId + ";" + person.id,
                    "device " + person.borrowedDeviceId + " owned by " + person.deviceOwnerId);
        }
        if (person.namesakeOf != null) {
            noise(NoiseKind.SAME_NAME_SAME_CITY, person.namesakeOf + ";" + person.id,
                    person.core.firstName() + " " + person.core.lastName() + " in " + person.core.city());
        }
        if (junkWritten) {
            noise(NoiseKind.JUNK_VALUE, person.id, person.junk.type().label() + " " + person.junk.value() + " in crm-contacts.csv");
        }
    }

    private void noise(NoiseKind kind, String personIds, String detail) {
        chunk.out(OutputFile.TRUTH_NOISE).append(kind.label()).append(',').append(personIds).append(',')
                .appendCsvField(detail, ',').append('\n');
    }
}
