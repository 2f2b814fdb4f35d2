package io.tekil.datagen;

import java.util.SplittableRandom;

/** Turkish first names (by gender) and surnames, most common first, drawn with Zipf-like weights. */
final class Names {
    private static final String[] FEMALE = {
        "Zeynep", "Elif", "Ayşe", "Fatma", "Emine", "Merve", "Esra", "Büşra", "Hatice", "Özlem",
        "Gülşen", "Çağrı", "Işıl", "İpek", "Derya", "Şükran", "Gökçe", "Çiğdem", "Tuğba", "Ebru",
        "Dilek", "Sevgi", "Yıldız", "Nazlı", "Ece", "Defne", "Öykü", "Ilgın", "Şule", "Aslı",
        "Pınar", "Sıla", "Başak", "Gül", "Hülya", "Songül", "Meryem", "Zehra", "Şerife", "İrem",
        "Ceren", "Gizem", "Melike", "Nur", "Güler", "Sibel", "Özge", "Eylül", "Ayşegül", "Büşra Nur"
    };
    private static final String[] MALE = {
        "Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim", "Murat", "Emre", "Yusuf",
        "Ömer", "Özgür", "Şükrü", "Burak", "Çağrı", "İsmail", "Osman", "Gökhan", "Barış", "Uğur",
        "Onur", "Serkan", "Kerem", "Eren", "Oğuz", "Tolga", "Erdem", "Can", "Arda", "Kaan",
        "Umut", "Volkan", "Ümit", "Tuğrul", "Doğan", "Ilgaz", "Çetin", "Gürkan", "Süleyman", "Ramazan",
        "Halil İbrahim", "Abdullah", "Recep", "Selim", "Berk", "Yiğit", "Batuhan", "Furkan", "Enes", "Şahin"
    };
    private static final String[] SURNAMES = {
        "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın", "Özdemir",
        "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek",
        "Polat", "Özcan", "Korkmaz", "Çakır", "Erdoğan", "Yavuz", "Can", "Acar", "Şen", "Aktaş",
        "Güler", "Yalçın", "Güneş", "Bozkurt", "Bulut", "Keskin", "Ünal", "Turan", "Gül", "Özer",
        "Işık", "Kaplan", "Avcı", "Sarı", "Tekin", "Taş", "Köse", "Yüksel", "Ateş", "Aksoy",
        "Çınar", "Uçar", "Başaran", "Ekinci", "Karaca", "Tunç", "Erdem", "Sönmez", "İnce", "Gündoğdu"
    };
    private static final WeightedTable FEMALE_WEIGHTS = WeightedTable.zipf(FEMALE.length, 0.8);
    private static final WeightedTable MALE_WEIGHTS = WeightedTable.zipf(MALE.length, 0.8);
    private static final WeightedTable SURNAME_WEIGHTS = WeightedTable.zipf(SURNAMES.length, 0.9);

    private Names() {}

    static String firstName(SplittableRandom random, boolean female) {
        return female ? FEMALE[FEMALE_WEIGHTS.sample(random)] : MALE[MALE_WEIGHTS.sample(random)];
    }

    static String surname(SplittableRandom random) {
        return SURNAMES[SURNAME_WEIGHTS.sample(random)];
    }
}
