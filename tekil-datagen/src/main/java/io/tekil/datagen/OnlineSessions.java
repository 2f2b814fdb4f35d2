package io.tekil.datagen;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A person's visits to the web shop and the app: how many (Poisson around their activity and lifecycle), when
 * (by {@link Moments}), on which browser or device, and what happens in each: a landing page, maybe a search,
 * product views, and for some an add to cart that is abandoned or goes through checkout to an order. Sign-up
 * and log-in ({@code identify}) happen when the person first needs an account or now and then on their own;
 * from then on the browser or app sends their user id. One instance per thread.
 */
final class OnlineSessions {
    /** Sessions per day of a person with activity 1 and a flat lifecycle. */
    static final double SESSIONS_PER_DAY = 5.0 / 365;
    /** Enough for the most active VIP for ten years; keeps order ids within three digits per person. */
    static final int MAX_CHECKOUTS = 999;
    private static final int MAX_SESSIONS = 5_000;
    private static final byte[][] REFERRERS = {
        json(""), json("https://www.google.com/"), json("https://www.instagram.com/"), json("https://www.facebook.com/"),
        json("https://www.youtube.com/"), json("https://www.akakce.com/"), json("https://www.cimri.com/")
    };
    private static final WeightedTable REFERRER_WEIGHTS = new WeightedTable(35, 35, 10, 5, 3, 7, 5);

    private final Timeline timeline;
    private final Catalog catalog;
    private final SegmentWriter writer;
    private final long orderKey;
    private final Order order = new Order();
    private SplittableRandom random;
    private long now;
    private long end;

    OnlineSessions(Timeline timeline, Catalog catalog, SegmentWriter writer, long seed) {
        this.timeline = timeline;
        this.catalog = catalog;
        this.writer = writer;
        this.orderKey = Dice.mix(seed, -2, 1);
    }

    /** Writes all of the person's sessions; returns how many orders they completed. */
    int simulate(Person person) {
        random = person.random;
        end = timeline.endUtc();
        double mean = SESSIONS_PER_DAY * timeline.days() * person.activity * person.curve.mean();
        int count = Math.min(MAX_SESSIONS, Dice.poisson(random, mean));
        if (person.borrowedDeviceId != null) {
            count = Math.max(count, 2);
        }
        long[] moments = Moments.sample(random, timeline, person.curve, count, Moments.ONLINE);
        int completed = 0;
        for (int i = 0; i < moments.length; i++) {
            now = timeline.utc(Moments.day(moments[i]), Moments.msOfDay(moments[i]));
            AppInstall app = pickApp(person, i == 0);
            if (app != null) {
                writer.useApp(app);
            } else {
                writer.useBrowser(pickBrowser(person), REFERRERS[REFERRER_WEIGHTS.sample(random)]);
            }
            completed += session(person);
        }
        return completed;
    }

    private AppInstall pickApp(Person person, boolean first) {
        AppInstall[] apps = person.apps;
        if (apps.length == 0) {
            return null;
        }
        if (first && person.borrowedDeviceId != null) {
            return apps[apps.length - 1]; // the household tablet
        }
        return random.nextDouble() < 0.6 ? apps[random.nextInt(apps.length)] : null;
    }

    private Browser pickBrowser(Person person) {
        Browser[] browsers = person.browsers;
        return browsers.length == 1 || random.nextDouble() < 0.7 ? browsers[0] : browsers[1 + random.nextInt(browsers.length - 1)];
    }

    /** One visit; returns 1 if it ended in an order. */
    private int session(Person person) {
        int category = random.nextDouble() < 0.55 ? person.favouriteCategory : catalog.sampleCategory(random);
        double landing = random.nextDouble();
        if (writer.onApp() || landing < 0.45) {
            writer.home(now);
        } else if (landing < 0.75) {
            writer.category(now, catalog, category);
        } else {
            writer.productViewed(now, catalog.sample(random, category));
        }
        if (!writer.knowsUser() && person.userId != null) {
            double logIn = writer.onApp() ? 0.7 : 0.25;
            if ((person.registered && random.nextDouble() < logIn) || (!person.registered && random.nextDouble() < 0.08)) {
                if (!step(5_000, 40_000)) {
                    return 0;
                }
                writer.identify(now);
                person.registered = true;
            }
        }
        if (random.nextDouble() < 0.35) {
            if (!step(3_000, 30_000)) {
                return 0;
            }
            writer.searched(now, catalog.searchProperties(random, category));
        }
        Product last = null;
        Product previous = null;
        int views = 1 + Dice.geometric(random, 0.42, 7);
        for (int v = 0; v < views; v++) {
            if (!step(4_000, 90_000)) {
                return 0;
            }
            previous = last;
            last = catalog.sample(random, random.nextDouble() < 0.75 ? category : catalog.sampleCategory(random));
            writer.productViewed(now, last);
        }
        return cart(person, last, previous);
    }

    /** Adding to the cart, then abandoning it or checking out. */
    private int cart(Person person, Product last, Product previous) {
        double addChance = person.lifecycle == Lifecycle.VIP ? 0.38 : 0.2;
        if (random.nextDouble() >= addChance || !step(5_000, 40_000)) {
            return 0;
        }
        order.clear();
        int quantity = random.nextDouble() < 0.85 ? 1 : 2;
        writer.productAdded(now, last, quantity);
        order.add(last, quantity);
        if (previous != null && previous != last && random.nextDouble() < 0.25 && step(3_000, 20_000)) {
            writer.productAdded(now, previous, 1);
            order.add(previous, 1);
        }
        if (random.nextDouble() >= 0.55 || person.checkouts >= MAX_CHECKOUTS || !step(5_000, 60_000)) {
            return 0; // abandoned cart
        }
        writer.cart(now);
        if (!writer.knowsUser()) {
            if (person.userId == null || !step(20_000, 120_000)) {
                return 0; // no account, no checkout: abandoned at the log-in wall
            }
            writer.identify(now);
            person.registered = true;
        }
        if (!step(5_000, 30_000)) {
            return 0;
        }
        order.orderId = "TK" + pad10(Dice.permute(person.index * 1000L + person.checkouts, 10_000_000_000L, orderKey));
        person.checkouts++;
        writer.checkoutStarted(now, order);
        if (random.nextDouble() >= 0.72 || !step(40_000, 240_000)) {
            return 0;
        }
        writer.orderCompleted(now, order);
        person.orders++;
        return 1;
    }

    /** Moves the clock on by a random gap; false when that leaves the window (the session is cut there). */
    private boolean step(int minMs, int maxMs) {
        now += minMs + random.nextInt(maxMs - minMs);
        return now < end;
    }

    private static String pad10(long value) {
        String digits = Long.toString(value);
        return "0000000000".substring(digits.length()) + digits;
    }

    private static byte[] json(String text) {
        return ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
    }
}
