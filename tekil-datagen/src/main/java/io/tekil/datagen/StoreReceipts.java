package io.tekil.datagen;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The store tills' export for one person who also shops in stores: receipts at their home store (sometimes
 * another), one row per line, all rows of a receipt together. The customer gives their loyalty card, their
 * phone (typed in any {@link PhoneFormat}), both, or nothing (a walk-in, known only to the ground truth).
 * One instance per thread.
 */
final class StoreReceipts {
    /** Receipts per day of a store shopper with activity 1 and a flat lifecycle. */
    static final double RECEIPTS_PER_DAY = 3.5 / 365;
    private static final int MAX_RECEIPTS = 999;

    private final Timeline timeline;
    private final Catalog catalog;
    private final long receiptKey;
    private final List<String> stores = Places.allStores();
    private final byte[][] storeColumns;
    private final Utf8Builder prefix = new Utf8Builder(256);

    StoreReceipts(Timeline timeline, Catalog catalog, long seed) {
        this.timeline = timeline;
        this.catalog = catalog;
        this.receiptKey = Dice.mix(seed, -3, 1);
        storeColumns = new byte[stores.size()][];
        for (int i = 0; i < stores.size(); i++) {
            storeColumns[i] = Utf8Builder.csvBytes(stores.get(i), ';');
        }
    }

    void simulate(Chunk chunk, GroundTruth truth, Person person) {
        if (!person.storeShopper) {
            return;
        }
        SplittableRandom random = person.random;
        double mean = RECEIPTS_PER_DAY * timeline.days() * Math.sqrt(person.activity) * person.curve.mean();
        int count = Math.min(MAX_RECEIPTS, Dice.poisson(random, mean));
        long[] moments = Moments.sample(random, timeline, person.curve, count, Moments.STORE);
        int home = stores.indexOf(Places.homeStore(person.core.place(), person.core.district()));
        Utf8Builder out = chunk.out(OutputFile.POS);
        for (int k = 0; k < moments.length; k++) {
            int store = random.nextDouble() < 0.85 ? home : random.nextInt(stores.size());
            String receiptNo = receiptNumber(store, person.index, k);
            truth.record(OutputFile.POS, receiptNo);
            chunk.posReceipts++;
            writePrefix(truth, person, random, receiptNo, store, moments[k]);
            int lines = 1 + Dice.geometric(random, 0.45, 7);
            for (int line = 0; line < lines; line++) {
                int category = random.nextDouble() < 0.4 ? person.favouriteCategory : catalog.sampleStoreCategory(random);
                Product product = catalog.sample(random, category);
                int quantity = category == Catalog.SUPERMARKET ? 1 + random.nextInt(4) : random.nextDouble() < 0.85 ? 1 : 2;
                out.appendFrom(prefix, 0, prefix.length()).append(product.posColumns)
                        .appendLong(quantity).append(';')
                        .appendMoney(product.priceKurus, ',').append(';')
                        .appendMoney(product.priceKurus * quantity, ',').append('\n');
                chunk.count(OutputFile.POS);
            }
        }
    }

    /** {@code receipt_no;store;date;time;phone;loyalty_no;} of a receipt, into {@link #prefix}. */
    private void writePrefix(GroundTruth truth, Person person, SplittableRandom random, String receiptNo, int store, long moment) {
        prefix.clear();
        prefix.append(receiptNo).append(';').append(storeColumns[store]).append(';');
        timeline.appendDottedDate(prefix, Moments.day(moment));
        prefix.append(';');
        Timeline.appendClock(prefix, Moments.msOfDay(moment));
        prefix.append(';');
        boolean card = person.loyaltyNo != null && random.nextDouble() < 0.75;
        if (random.nextDouble() < (card ? 0.25 : 0.5)) {
            String phone = PhoneFormat.sample(random).format(person.nationalPhone);
            truth.saw(IdentifierType.PHONE, phone);
            prefix.appendCsvField(phone, ';');
        }
        prefix.append(';');
        if (card) {
            truth.saw(IdentifierType.LOYALTY_ID, person.loyaltyNo);
            prefix.append(person.loyaltyNo);
        }
        prefix.append(';');
    }

    /** {@code 017-4839201832}: the store's number and ten digits unique to (person, receipt). */
    private String receiptNumber(int store, int personIndex, int receipt) {
        long unique = Dice.permute(personIndex * 1000L + receipt, 10_000_000_000L, receiptKey);
        String digits = Long.toString(unique);
        String storeNo = Integer.toString(store + 1);
        return "000".substring(storeNo.length()) + storeNo + "-" + "0000000000".substring(digits.length()) + digits;
    }
}
