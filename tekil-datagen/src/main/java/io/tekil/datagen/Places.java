package io.tekil.datagen;

import java.util.List;
import java.util.SplittableRandom;

/** The fifteen cities people live in, weighted by population, with districts and the chain's stores. */
final class Places {
    private static final List<Place> PLACES = List.of(
            place("İstanbul", 15.7, List.of("Kadıköy", "Üsküdar", "Beşiktaş", "Şişli", "Bakırköy", "Ataşehir", "Esenyurt",
                    "Küçükçekmece", "Bağcılar", "Pendik", "Ümraniye", "Maltepe", "Kartal", "Beylikdüzü", "Sarıyer", "Fatih",
                    "Başakşehir"), List.of("Kadıköy", "Beşiktaş", "Bakırköy", "Ataşehir", "Beylikdüzü", "Şişli")),
            place("Ankara", 5.8, List.of("Çankaya", "Keçiören", "Yenimahalle", "Mamak", "Etimesgut", "Sincan", "Altındağ",
                    "Gölbaşı"), List.of("Çankaya", "Yenimahalle", "Etimesgut")),
            place("İzmir", 4.5, List.of("Karşıyaka", "Bornova", "Konak", "Buca", "Çiğli", "Bayraklı", "Karabağlar",
                    "Gaziemir"), List.of("Karşıyaka", "Bornova", "Konak")),
            place("Bursa", 3.2, List.of("Osmangazi", "Nilüfer", "Yıldırım", "Mudanya", "İnegöl"), List.of("Nilüfer", "Osmangazi")),
            place("Antalya", 2.7, List.of("Muratpaşa", "Konyaaltı", "Kepez", "Alanya", "Manavgat"), List.of("Muratpaşa", "Alanya")),
            place("Konya", 2.3, List.of("Selçuklu", "Meram", "Karatay"), List.of("Selçuklu")),
            place("Adana", 2.3, List.of("Seyhan", "Çukurova", "Yüreğir"), List.of("Çukurova")),
            place("Gaziantep", 2.2, List.of("Şahinbey", "Şehitkamil"), List.of("Şehitkamil")),
            place("Kocaeli", 2.1, List.of("İzmit", "Gebze", "Körfez", "Darıca"), List.of("İzmit", "Gebze")),
            place("Mersin", 1.9, List.of("Yenişehir", "Mezitli", "Toroslar", "Akdeniz"), List.of("Yenişehir")),
            place("Diyarbakır", 1.8, List.of("Kayapınar", "Bağlar", "Yenişehir", "Sur"), List.of("Kayapınar")),
            place("Kayseri", 1.4, List.of("Melikgazi", "Kocasinan", "Talas"), List.of("Melikgazi")),
            place("Samsun", 1.4, List.of("İlkadım", "Atakum", "Canik"), List.of("Atakum")),
            place("Eskişehir", 0.9, List.of("Tepebaşı", "Odunpazarı"), List.of("Odunpazarı")),
            place("Trabzon", 0.8, List.of("Ortahisar", "Akçaabat", "Yomra"), List.of("Ortahisar")));
    private static final WeightedTable WEIGHTS;
    private static final List<String> ALL_STORES = PLACES.stream().flatMap(p -> p.stores().stream()).toList();

    static {
        double[] weights = new double[PLACES.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = PLACES.get(i).population();
        }
        WEIGHTS = new WeightedTable(weights);
    }

    private Places() {}

    private static Place place(String city, double population, List<String> districts, List<String> storeDistricts) {
        return new Place(city, population, districts, storeDistricts.stream().map(d -> city + " " + d).toList());
    }

    static Place sample(SplittableRandom random) {
        return PLACES.get(WEIGHTS.sample(random));
    }

    /** Every store of the chain, in a fixed order. */
    static List<String> allStores() {
        return ALL_STORES;
    }

    /** The store a person of {@code place} and {@code district} usually shops at. */
    static String homeStore(Place place, String district) {
        String own = place.city() + " " + district;
        return place.stores().contains(own) ? own : place.stores().get(Math.floorMod(district.hashCode(), place.stores().size()));
    }
}
