package io.tekil.datagen;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The e-mail campaign calendar of the window: one campaign every {@value #EVERY_DAYS} days from the third day
 * (the last, in shorter windows), named for the
 * season it falls in (Efsane Cuma, Anneler Günü, Yılbaşı, …) or else from a rotation of weekly themes.
 */
final class Campaigns {
    static final int EVERY_DAYS = 10;
    private static final String[] ROTATION = {
        "Haftanın Fırsatları", "Kozmetikte %30 İndirim", "Anne & Bebek Günleri", "Elektronik Festivali",
        "Spor Sezonu Başladı", "Kitap Haftası", "Süpermarket Fırsatları", "Ev & Yaşam İndirimi"
    };

    private Campaigns() {}

    static List<Campaign> of(Timeline timeline) {
        List<Campaign> campaigns = new ArrayList<>();
        for (int day = Math.min(2, timeline.days() - 1); day < timeline.days(); day += EVERY_DAYS) {
            LocalDate date = timeline.date(day);
            String name = name(date, campaigns.size());
            String id = "KMP-" + Timeline.isoDate(date).replace("-", "");
            String url = Catalog.SITE + "/kampanya/" + TurkishText.slug(name)
                    + "?utm_source=email&utm_medium=newsletter&utm_campaign=" + id;
            Utf8Builder columns = new Utf8Builder(128);
            columns.appendCsvField(id, ',').append(',').appendCsvField(name, ',').append(',');
            int sendMsOfDay = (10 * 3600 + (day % 4) * 1800) * 1000;
            campaigns.add(new Campaign(id, name, day, sendMsOfDay, columns.toBytes(), Utf8Builder.csvBytes(url, ',')));
        }
        return List.copyOf(campaigns);
    }

    static String name(LocalDate date, int sequence) {
        LocalDate efsaneCuma = Seasonality.efsaneCuma(date.getYear());
        LocalDate mothersDay = Seasonality.mothersDay(date.getYear());
        int dayOfMonth = date.getDayOfMonth();
        if (!date.isBefore(efsaneCuma.minusDays(9)) && !date.isAfter(efsaneCuma.plusDays(2))) {
            return "Efsane Cuma Fırsatları";
        }
        if (!date.isBefore(mothersDay.minusDays(12)) && !date.isAfter(mothersDay)) {
            return "Anneler Günü";
        }
        return switch (date.getMonth()) {
            case NOVEMBER -> "Efsane Kasım İndirimleri";
            case FEBRUARY -> dayOfMonth <= 14 ? "Sevgililer Günü Hediyeleri" : ROTATION[sequence % ROTATION.length];
            case DECEMBER -> dayOfMonth >= 15 ? "Yılbaşı İndirimleri" : ROTATION[sequence % ROTATION.length];
            case JUNE -> dayOfMonth <= 20 ? "Babalar Günü" : "Yaz İndirimi";
            case SEPTEMBER -> dayOfMonth <= 20 ? "Okula Dönüş" : "Yeni Sezon Ayakkabı";
            case MARCH, OCTOBER -> "Yeni Sezon Ayakkabı";
            case JULY, AUGUST -> "Yaz İndirimi";
            default -> ROTATION[sequence % ROTATION.length];
        };
    }
}
