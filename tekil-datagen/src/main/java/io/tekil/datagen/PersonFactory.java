package io.tekil.datagen;

import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Makes the {@link Person} of an index, the same on every call and every thread: each part of a person comes
 * from its own random stream seeded by (config seed, index, stream), so the true facts can be recomputed alone
 * (the e-mail pre-pass does) and the partner of a pair can recompute the head's facts.
 *
 * <p>Identifiers are unique by construction: phone, user id, CRM and loyalty numbers are bijections of the
 * index ({@link Dice#permute}), UUIDs come from 128 random bits, and e-mail addresses are made unique by the
 * {@link EmailDirectory} pre-pass.
 *
 * <p>Deliberate noise: people are paired (indices 2k and 2k+1); about 1.2% of pairs share a household tablet
 * and about 0.5% are namesakes (same first and last name in the same city). Each block of 500 people also has
 * one of each noise case at fixed offsets, so every kind occurs from 500 people up whatever the seed.
 */
final class PersonFactory {
    static final int NOISE_BLOCK = 500;
    static final int FORCED_NAME_TYPO = 1;
    static final int FORCED_EMAIL_CASE = 2;
    static final int FORCED_TWO_EMAILS = 3;
    static final int FORCED_JUNK = 4;
    /** Pairs (k, in units of pairs) at these offsets of each block are forced to share a tablet, or to be namesakes. */
    static final int FORCED_SHARED_PAIR = 5;
    static final int FORCED_NAMESAKE_PAIR = 7;

    private static final int STREAM_CORE = 1;
    private static final int STREAM_EMAIL = 2;
    private static final int STREAM_SECOND_EMAIL = 3;
    private static final int STREAM_LIFE = 4;
    private static final int STREAM_TABLET = 5;
    private static final int STREAM_PAIR = 6;
    private static final int STREAM_TWO_EMAILS = 7;
    private static final int STREAM_PARTNER_NAME = 8;

    private static final String[] INCOME_BANDS = {"0-10000", "10000-25000", "25000-50000", "50000+"};
    private static final WeightedTable INCOME_WEIGHTS = new WeightedTable(0.30, 0.38, 0.22, 0.10);
    private static final WeightedTable LIFECYCLE_WEIGHTS;
    private static final Lifecycle[] LIFECYCLES = Lifecycle.values();
    private static final String[] MOBILE_PREFIXES = {
        "530", "531", "532", "533", "534", "535", "536", "537", "538", "539", "541", "542", "543", "544",
        "545", "546", "547", "548", "549", "551", "552", "553", "554", "555", "501", "505", "506", "507"
    };
    private static final String[] JUNK_EMAILS = {"test@test.com", "a@a.com", "asd@asd.com", "yok@yok.com", "xxx@xxx.com"};
    private static final String[] JUNK_PHONES = {"0000000000", "1111111111", "9999999999", "1234567890"};

    static {
        double[] shares = new double[LIFECYCLES.length];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = LIFECYCLES[i].share();
        }
        LIFECYCLE_WEIGHTS = new WeightedTable(shares);
    }

    enum Pairing { NONE, SHARED_TABLET, NAMESAKE }

    private final long seed;
    private final int people;
    private final LocalDate endDate;
    private final Catalog catalog;
    private final long phoneKey;
    private final long userKey;
    private final long customerKey;
    private final long loyaltyKey;

    PersonFactory(GeneratorConfig config, Catalog catalog) {
        this.seed = config.seed();
        this.people = config.people();
        this.endDate = config.endDate();
        this.catalog = catalog;
        phoneKey = Dice.mix(seed, -1, 1);
        userKey = Dice.mix(seed, -1, 2);
        customerKey = Dice.mix(seed, -1, 3);
        loyaltyKey = Dice.mix(seed, -1, 4);
    }

    long seed() {
        return seed;
    }

    int people() {
        return people;
    }

    /** How the pair of indices {@code 2 * pair} and {@code 2 * pair + 1} is related. */
    Pairing pairing(int pair) {
        if (2 * pair + 1 >= people) {
            return Pairing.NONE;
        }
        int inBlock = pair % (NOISE_BLOCK / 2);
        if (inBlock == FORCED_SHARED_PAIR) {
            return Pairing.SHARED_TABLET;
        }
        if (inBlock == FORCED_NAMESAKE_PAIR) {
            return Pairing.NAMESAKE;
        }
        double u = uniform(Dice.mix(seed, pair, STREAM_PAIR));
        return u < 0.012 ? Pairing.SHARED_TABLET : u < 0.017 ? Pairing.NAMESAKE : Pairing.NONE;
    }

    /** The true facts of a person. */
    PersonCore core(int index) {
        PersonCore own = ownCore(index);
        Pairing pairing = index % 2 == 1 ? pairing(index / 2) : Pairing.NONE;
        if (pairing != Pairing.NONE) {
            PersonCore head = ownCore(index - 1);
            switch (pairing) {
                case SHARED_TABLET -> {
                    boolean female = !head.female();
                    String first = own.female() == female
                            ? own.firstName() : Names.firstName(Dice.random(seed, index, STREAM_PARTNER_NAME), female);
                    own = own.withNames(female, first, head.lastName()).withHome(head.place(), head.district());
                }
                case NAMESAKE -> {
                    String district = own.place().equals(head.place()) ? own.district() : head.district();
                    own = own.withNames(head.female(), head.firstName(), head.lastName()).withHome(head.place(), district);
                }
                case NONE -> { }
            }
        }
        return own;
    }

    private PersonCore ownCore(int index) {
        SplittableRandom random = Dice.random(seed, index, STREAM_CORE);
        boolean female = random.nextBoolean();
        String first = Names.firstName(random, female);
        String last = Names.surname(random);
        int age = 18 + (int) (58 * Math.pow(random.nextDouble(), 1.5));
        long birth = endDate.minusYears(age).toEpochDay() - random.nextInt(365);
        Place place = Places.sample(random);
        String district = place.districts().get(random.nextInt(place.districts().size()));
        String income = INCOME_BANDS[INCOME_WEIGHTS.sample(random)];
        return new PersonCore(female, first, last, birth, place, district, income);
    }

    /** Whether the person also uses a second e-mail address (noise {@code two_emails}). */
    boolean hasSecondEmail(int index) {
        return index % NOISE_BLOCK == FORCED_TWO_EMAILS || uniform(Dice.mix(seed, index, STREAM_TWO_EMAILS)) < 0.02;
    }

    /** The address the person would use, first ({@code second == false}) or second, at {@code bump}. */
    String emailCandidate(int index, PersonCore core, boolean second, int bump) {
        int stream = second ? STREAM_SECOND_EMAIL : STREAM_EMAIL;
        return EmailAddresses.candidate(core, Dice.random(seed, index, stream), bump, Dice.mix(seed, index, stream));
    }

    Person create(int index, EmailDirectory emails) {
        Person.Builder b = new Person.Builder();
        b.index = index;
        b.core = core(index);
        SplittableRandom random = Dice.random(seed, index, STREAM_LIFE);
        b.random = random;
        Pairing pairing = pairing(index / 2);
        boolean partner = index % 2 == 1 && pairing == Pairing.SHARED_TABLET;
        int inBlock = index % NOISE_BLOCK;

        b.lifecycle = "50000+".equals(b.core.incomeBand()) && random.nextDouble() < 0.15
                ? Lifecycle.VIP : LIFECYCLES[LIFECYCLE_WEIGHTS.sample(random)];
        if (partner && (b.lifecycle == Lifecycle.CHURNED || b.lifecycle == Lifecycle.NEW)) {
            b.lifecycle = Lifecycle.LOYAL; // the shared tablet must see them within the window
        }
        b.curve = LifeCurve.sample(b.lifecycle, random);
        b.activity = Dice.pareto(random, 0.375, 1.6, 40) * (b.lifecycle == Lifecycle.VIP ? 4 : 1);

        b.nationalPhone = MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)]
                + pad(Dice.permute(index, 10_000_000L, phoneKey), 7);
        b.email = emails.primary(index, b.core);
        b.secondEmail = emails.second(index, b.core);
        boolean registers = partner || random.nextDouble() < (b.lifecycle == Lifecycle.NEW ? 0.6 : 0.72);
        b.userId = registers ? "u" + pad(Dice.permute(index, 100_000_000L, userKey), 8) : null;
        b.registeredBefore = partner || (registers && b.lifecycle != Lifecycle.NEW && random.nextDouble() < 0.65);

        devices(b, random, pairing);
        if (index % 2 == 1 && pairing == Pairing.NAMESAKE) {
            b.namesakeOf = Person.personId(index - 1);
        }
        boolean inCrm = habits(b, random, registers, inBlock);
        noise(b, random, inBlock, inCrm);
        return new Person(b);
    }

    /** Browsers, phones, and the household tablet for both people of a shared-tablet pair. */
    private void devices(Person.Builder b, SplittableRandom random, Pairing pairing) {
        b.browsers = new Browser[1 + (random.nextDouble() < 0.3 ? 1 : 0) + (random.nextDouble() < 0.1 ? 1 : 0)];
        for (int i = 0; i < b.browsers.length; i++) {
            b.browsers[i] = new Browser(uuid(random, false), Devices.USER_AGENTS[Devices.sampleUserAgent(random)], Devices.ip(random));
        }
        boolean tablet = pairing == Pairing.SHARED_TABLET;
        int phones = random.nextDouble() < (b.lifecycle == Lifecycle.VIP ? 0.7 : 0.42) ? (random.nextDouble() < 0.1 ? 2 : 1) : 0;
        b.apps = new AppInstall[phones + (tablet ? 1 : 0)];
        for (int i = 0; i < phones; i++) {
            String[] model = Devices.samplePhone(random);
            String deviceId = model[2].equals("ios") ? uuid(random, true) : hex16(random);
            b.apps[i] = new AppInstall(deviceId, uuid(random, false), model, false, Devices.ip(random));
        }
        if (tablet) {
            int head = b.index - b.index % 2;
            boolean partner = b.index != head;
            b.apps[phones] = tabletInstall(head, partner);
            if (partner) {
                b.borrowedDeviceId = b.apps[phones].deviceId;
                b.deviceOwnerId = Person.personId(head);
            }
        }
    }

    /** Store shopping, loyalty card, CRM record, newsletter; returns whether the person is in the CRM. */
    private boolean habits(Person.Builder b, SplittableRandom random, boolean registers, int inBlock) {
        b.storeShopper = random.nextDouble() < (b.lifecycle == Lifecycle.VIP ? 0.5 : 0.3);
        boolean loyalty = b.storeShopper && random.nextDouble() < 0.6;
        b.loyaltyNo = loyalty ? "L" + pad(Dice.permute(b.index, 10_000_000_000L, loyaltyKey), 10) : null;
        boolean forcedCrm = inBlock == FORCED_NAME_TYPO || inBlock == FORCED_EMAIL_CASE || inBlock == FORCED_JUNK
                || inBlock == FORCED_TWO_EMAILS;
        boolean inCrm = forcedCrm | loyalty | (registers && random.nextDouble() < 0.45) | (b.storeShopper && random.nextDouble() < 0.3);
        b.customerNo = inCrm ? "C" + pad(Dice.permute(b.index, 100_000_000L, customerKey), 8) : null;
        boolean forcedEmail = inBlock == FORCED_EMAIL_CASE || inBlock == FORCED_TWO_EMAILS;
        b.emailSubscriber = forcedEmail || ((registers || inCrm) && random.nextDouble() < 0.55);
        b.emailedAlways = forcedEmail;
        b.favouriteCategory = catalog.sampleCategory(random);
        return inCrm;
    }

    /** The CRM's misspelt name, the careless e-mail spelling and the junk value, for those who get them. */
    private static void noise(Person.Builder b, SplittableRandom random, int inBlock, boolean inCrm) {
        boolean typo = inBlock == FORCED_NAME_TYPO || (inCrm && random.nextDouble() < 0.03);
        boolean typoInFirst = random.nextBoolean();
        b.crmFirstName = typo && typoInFirst ? TurkishText.typo(b.core.firstName(), random) : b.core.firstName();
        b.crmLastName = typo && !typoInFirst ? TurkishText.typo(b.core.lastName(), random) : b.core.lastName();
        boolean careless = inBlock == FORCED_EMAIL_CASE || random.nextDouble() < 0.05;
        b.emailVariant = careless ? EmailAddresses.careless(b.email, random) : null;
        boolean junk = inBlock == FORCED_JUNK || (inCrm && random.nextDouble() < 0.01);
        if (junk) {
            int which = random.nextInt(JUNK_EMAILS.length + JUNK_PHONES.length);
            b.junk = which < JUNK_EMAILS.length
                    ? new Person.JunkValue(IdentifierType.EMAIL, JUNK_EMAILS[which])
                    : new Person.JunkValue(IdentifierType.PHONE, JUNK_PHONES[which - JUNK_EMAILS.length]);
        }
    }

    /**
     * The household tablet owned by the head of pair {@code head}: the same device for both, each with their
     * own install id (the app resets it when the other logs in).
     */
    private AppInstall tabletInstall(int head, boolean forPartner) {
        SplittableRandom random = Dice.random(seed, head, STREAM_TABLET);
        String[] model = Devices.sampleTablet(random);
        String deviceId = model[2].equals("ios") ? uuid(random, true) : hex16(random);
        String ip = Devices.ip(random);
        String ownerInstall = uuid(random, false);
        String partnerInstall = uuid(random, false);
        return new AppInstall(deviceId, forPartner ? partnerInstall : ownerInstall, model, true, ip);
    }

    static String uuid(SplittableRandom random, boolean upper) {
        Utf8Builder out = new Utf8Builder(36);
        if (upper) {
            out.appendUpperUuid(random.nextLong(), random.nextLong());
        } else {
            out.appendUuid(random.nextLong(), random.nextLong());
        }
        return out.toString();
    }

    private static String hex16(SplittableRandom random) {
        return new Utf8Builder(16).appendHex(random.nextLong(), 16).toString();
    }

    private static String pad(long value, int width) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }

    private static double uniform(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
