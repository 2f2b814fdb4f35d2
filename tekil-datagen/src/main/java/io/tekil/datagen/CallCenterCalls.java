package io.tekil.datagen;

import java.util.SplittableRandom;

/**
 * The call centre's export for one person: calls during opening hours, more for people who ordered, each with
 * the caller's number (in any {@link PhoneFormat}), the CRM number when the agent found the customer, a
 * duration, a reason, an outcome and the agent. One instance per thread.
 */
final class CallCenterCalls {
    /** Calls per day of a person with activity 1 and a flat lifecycle, before orders. */
    static final double CALLS_PER_DAY = 0.2 / 365;
    private static final double CALLS_PER_ORDER = 0.12;
    private static final int MAX_CALLS = 99;
    private static final String[] REASONS = {
        "Sipariş durumu", "İade talebi", "Ürün bilgisi", "Şikayet", "Kampanya", "Teslimat sorunu", "Üyelik işlemleri"
    };
    private static final WeightedTable REASONS_WITH_ORDERS = new WeightedTable(35, 20, 12, 10, 6, 12, 5);
    private static final WeightedTable REASONS_WITHOUT_ORDERS = new WeightedTable(5, 3, 35, 12, 25, 2, 18);
    private static final String[] OUTCOMES = {"çözüldü", "yönlendirildi", "geri aranacak"};
    private static final WeightedTable OUTCOME_WEIGHTS = new WeightedTable(62, 23, 15);
    private static final String[] AGENTS = {
        "Elif Aksoy", "Burak Çınar", "Selin Öztürk", "Mert Yücel", "Gamze Şahin", "Cem Karaca", "Dilara Güneş",
        "Kaan Erdoğan", "Ezgi Doğru", "Oğuzhan Taş", "Büşra Kılınç", "Serdar Işık"
    };

    private final Timeline timeline;
    private final long callKey;
    private final byte[][] reasons = new byte[REASONS.length][];
    private final byte[][] outcomes = new byte[OUTCOMES.length][];
    private final byte[][] agents = new byte[AGENTS.length][];

    CallCenterCalls(Timeline timeline, long seed) {
        this.timeline = timeline;
        this.callKey = Dice.mix(seed, -4, 1);
        for (int i = 0; i < REASONS.length; i++) {
            reasons[i] = Utf8Builder.csvBytes(REASONS[i], ',');
        }
        for (int i = 0; i < OUTCOMES.length; i++) {
            outcomes[i] = Utf8Builder.csvBytes(OUTCOMES[i], ',');
        }
        for (int i = 0; i < AGENTS.length; i++) {
            agents[i] = Utf8Builder.csvBytes(AGENTS[i], ',');
        }
    }

    void simulate(Chunk chunk, GroundTruth truth, Person person) {
        SplittableRandom random = person.random;
        double mean = CALLS_PER_DAY * timeline.days() * Math.sqrt(person.activity) * person.curve.mean()
                + CALLS_PER_ORDER * person.orders;
        int count = Math.min(MAX_CALLS, Dice.poisson(random, mean));
        if (count == 0) {
            return;
        }
        long[] moments = Moments.sample(random, timeline, person.curve, count, Moments.CALL_CENTER);
        Utf8Builder out = chunk.out(OutputFile.CALLS);
        WeightedTable reasonWeights = person.orders > 0 ? REASONS_WITH_ORDERS : REASONS_WITHOUT_ORDERS;
        for (int k = 0; k < count; k++) {
            long unique = Dice.permute(person.index * 100L + k, 1_000_000_000L, callKey);
            String callId = "CC" + "000000000".substring(Long.toString(unique).length()) + unique;
            truth.record(OutputFile.CALLS, callId);
            chunk.count(OutputFile.CALLS);
            out.append(callId).append(',');
            timeline.appendLocalDateTime(out, Moments.day(moments[k]), Moments.msOfDay(moments[k]));
            String phone = PhoneFormat.sample(random).format(person.nationalPhone);
            truth.saw(IdentifierType.PHONE, phone);
            out.append(',').appendCsvField(phone, ',').append(',');
            if (person.customerNo != null && random.nextDouble() < 0.7) {
                truth.saw(IdentifierType.CRM_ID, person.customerNo);
                out.append(person.customerNo);
            }
            int duration = 20 + (int) Math.min(3_600, -Math.log(1 - random.nextDouble()) * 220);
            out.append(',').appendLong(duration).append(',')
                    .append(reasons[reasonWeights.sample(random)]).append(',')
                    .append(outcomes[OUTCOME_WEIGHTS.sample(random)]).append(',')
                    .append(agents[random.nextInt(agents.length)]).append('\n');
        }
    }
}
