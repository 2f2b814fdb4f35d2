package io.tekil.datagen;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The e-mail service provider's engagement export for one subscriber: for each campaign they are targeted by,
 * a {@code sent} row, maybe an {@code opened} row hours later and maybe a {@code clicked} row minutes after
 * that. People who are away (churned, between lifecycle phases) open far less. Nothing is written after the
 * window ends. One instance per thread.
 */
final class EmailCampaignEvents {
    private static final double TARGETED = 0.16;
    private static final double OPENS = 0.3;
    private static final double CLICKS = 0.2;
    private static final byte[] SENT = Utf8Builder.bytes(",sent,");
    private static final byte[] OPENED = Utf8Builder.bytes(",opened,");
    private static final byte[] CLICKED = Utf8Builder.bytes(",clicked,");

    private final Timeline timeline;
    private final List<Campaign> campaigns;

    EmailCampaignEvents(Timeline timeline, List<Campaign> campaigns) {
        this.timeline = timeline;
        this.campaigns = campaigns;
    }

    void simulate(Chunk chunk, GroundTruth truth, Person person) {
        if (!person.emailSubscriber) {
            return;
        }
        SplittableRandom random = person.random;
        int days = timeline.days();
        int subscribedFrom = person.lifecycle == Lifecycle.NEW && !person.emailedAlways ? (int) (person.curve.first() * days) : 0;
        long end = timeline.endUtc();
        Utf8Builder out = chunk.out(OutputFile.EMAIL);
        for (int i = 0; i < campaigns.size(); i++) {
            Campaign campaign = campaigns.get(i);
            boolean targeted = random.nextDouble() < TARGETED || person.emailedAlways;
            if (campaign.day() < subscribedFrom || !targeted) {
                continue;
            }
            String email = person.secondEmail != null && i % 2 == 1 ? person.secondEmail : person.email;
            truth.saw(IdentifierType.EMAIL, email);
            long sent = timeline.utc(campaign.day(), campaign.sendMsOfDay() + random.nextInt(3_600_000));
            row(chunk, truth, out, campaign, email, SENT, sent, random, false);
            boolean away = person.curve.intensity((campaign.day() + 0.5) / days) == 0;
            if (random.nextDouble() >= OPENS * (away ? 0.35 : 1)) {
                continue;
            }
            long opened = sent + 60_000 + (long) (-Math.log(1 - random.nextDouble()) * 6 * 3_600_000);
            if (opened >= end) {
                continue;
            }
            row(chunk, truth, out, campaign, email, OPENED, opened, random, false);
            if (random.nextDouble() < CLICKS) {
                long clicked = opened + 5_000 + random.nextInt(900_000);
                if (clicked < end) {
                    row(chunk, truth, out, campaign, email, CLICKED, clicked, random, true);
                }
            }
        }
    }

    private void row(Chunk chunk, GroundTruth truth, Utf8Builder out, Campaign campaign, String email, byte[] action,
            long utc, SplittableRandom random, boolean withUrl) {
        int idAt = out.length();
        out.appendUuid(random.nextLong(), random.nextLong());
        truth.record(OutputFile.EMAIL, out, idAt, 36);
        chunk.count(OutputFile.EMAIL);
        out.append(',').append(campaign.columns()).appendCsvField(email, ',').append(action);
        timeline.appendIsoSeconds(out, utc);
        out.append(',');
        if (withUrl) {
            out.append(campaign.url());
        }
        out.append('\n');
    }
}
