package io.tekil.datagen;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shop's product catalogue: about 360 products in nine categories with brands, SKUs and TRY prices, and
 * the search terms and category pages around them. Built from a fixed seed, so it is the same for every
 * generator config; immutable and shared by all threads.
 */
final class Catalog {
    static final String SHOP_NAME = "Kuzey Market";
    static final String SITE = "https://www.kuzeymarket.com.tr";
    static final List<String> CATEGORIES = List.of(
            "Ayakkabı", "Elektronik", "Kozmetik", "Anne & Bebek", "Spor", "Ev & Yaşam", "Giyim", "Kitap", "Süpermarket");
    static final int SUPERMARKET = 8;
    private static final long CATALOG_SEED = 0x7E_4B11_2026L;
    private static final String[] SKU_PREFIX = {"AYK", "ELK", "KOZ", "ANB", "SPR", "EVY", "GYM", "KTP", "SPM"};
    /** How much each category draws, online and in stores. */
    private static final double[] CATEGORY_WEIGHT = {1.3, 1.0, 1.2, 0.7, 0.6, 0.9, 1.5, 0.4, 1.4};

    private static final String[][] BRANDS = {
        {"Nike", "Adidas", "Puma", "Skechers", "New Balance", "Hotiç", "Derimod", "Greyder", "Kinetix", "Lumberjack"},
        {"Samsung", "Apple", "Xiaomi", "Arçelik", "Vestel", "Philips", "Lenovo", "Huawei", "JBL", "Sony"},
        {"Flormar", "Golden Rose", "L'Oréal Paris", "Nivea", "Maybelline", "Pastel", "Farmasi", "Garnier"},
        {"Prima", "Molfix", "Chicco", "Sleepy", "Uni Baby", "Johnson's", "Philips Avent"},
        {"Domyos", "Columbia", "Under Armour", "Delta", "Voit", "Kinetix", "Nike", "Adidas"},
        {"Karaca", "Paşabahçe", "Tefal", "English Home", "Madame Coco", "Korkmaz", "Emsan", "Schafer"},
        {"LC Waikiki", "Koton", "Mavi", "DeFacto", "Colin's", "Network", "Vakko", "Twist"},
        {"Yapı Kredi Yayınları", "İş Bankası Kültür Yayınları", "Can Yayınları", "İletişim Yayınları", "Everest Yayınları"},
        {"Ülker", "Eti", "Torku", "Pınar", "Sütaş", "Tat", "Tukaş", "Doğadan", "Çaykur", "Tamek", "Filiz", "Komili"}
    };
    /** Product types per category: name, lowest and highest price in lira. */
    private static final ProductType[][] TYPES = {
        {t("Koşu Ayakkabısı", 899, 4999), t("Sneaker", 799, 3999), t("Günlük Ayakkabı", 599, 2499), t("Bot", 999, 4499),
            t("Çizme", 1299, 4999), t("Sandalet", 399, 1499), t("Loafer", 799, 2999), t("Topuklu Ayakkabı", 699, 2499)},
        {t("Kablosuz Kulaklık", 399, 8999), t("Akıllı Saat", 1499, 17999), t("Bluetooth Hoparlör", 599, 4999),
            t("Powerbank 20000 mAh", 399, 1299), t("Tablet 10.1\"", 4999, 24999), t("27\" Monitör", 4499, 14999),
            t("Robot Süpürge", 4999, 29999), t("Saç Kurutma Makinesi", 699, 3999), t("Akıllı Telefon 128 GB", 8999, 64999),
            t("Dizüstü Bilgisayar", 17999, 89999)},
        {t("Mat Ruj", 99, 399), t("Maskara", 129, 499), t("Nemlendirici Krem 50 ml", 149, 699),
            t("Güneş Kremi SPF 50", 199, 799), t("Şampuan 500 ml", 79, 249), t("Parfüm 100 ml", 499, 2999), t("Oje", 49, 149)},
        {t("Bebek Bezi 4 Numara 60'lı", 299, 699), t("Islak Mendil 12x52", 149, 349), t("Biberon 260 ml", 199, 599),
            t("Bebek Şampuanı 700 ml", 99, 249), t("Mama Sandalyesi", 1499, 5999), t("Bebek Arabası", 3999, 19999)},
        {t("Yoga Matı", 199, 899), t("Dambıl Seti 10 kg", 499, 1999), t("Eşofman Takımı", 599, 2499),
            t("Termal İçlik", 299, 999), t("Futbol Topu", 249, 1499), t("Koşu Bandı", 14999, 49999), t("Spor Çanta", 399, 1799)},
        {t("Çay Makinesi", 1499, 4999), t("Tencere Seti 8 Parça", 1999, 8999), t("Nevresim Takımı Çift Kişilik", 699, 2999),
            t("Türk Kahvesi Makinesi", 999, 3999), t("Bardak Seti 6'lı", 149, 599), t("Havlu Seti", 299, 1299),
            t("Tava 28 cm", 499, 1999), t("Çatal Bıçak Seti 24 Parça; Paslanmaz", 799, 2999)},
        {t("Slim Fit Jean", 399, 1499), t("Basic Tişört", 99, 399), t("Kapüşonlu Sweatshirt", 299, 999),
            t("Triko Kazak", 399, 1599), t("Mont", 999, 4999), t("Gömlek", 299, 1299), t("Elbise", 499, 2499)},
        {t("Kürk Mantolu Madonna - Sabahattin Ali", 59, 149), t("İnce Memed - Yaşar Kemal", 99, 249),
            t("Tutunamayanlar - Oğuz Atay", 149, 349), t("Saatleri Ayarlama Enstitüsü - Ahmet Hamdi Tanpınar", 99, 249),
            t("Çalıkuşu - Reşat Nuri Güntekin", 79, 199), t("Aylak Adam - Yusuf Atılgan", 69, 179),
            t("Huzur - Ahmet Hamdi Tanpınar", 99, 249), t("Beyaz Kale - Orhan Pamuk", 99, 249),
            t("Sefiller - Victor Hugo", 129, 399), t("Suç ve Ceza - Fyodor Dostoyevski", 129, 349),
            t("Küçük Prens - Antoine de Saint-Exupéry", 49, 129), t("Şeker Portakalı - José Mauro de Vasconcelos", 69, 169),
            t("Dönüşüm - Franz Kafka", 39, 99), t("Hayvan Çiftliği - George Orwell", 59, 149)},
        {t("Rize Turist Çayı 1 kg", 149, 249), t("Çikolatalı Gofret 6'lı", 39, 89), t("Tam Yağlı Süt 1 L", 29, 49),
            t("Beyaz Peynir 500 g", 119, 229), t("Domates Salçası 830 g", 59, 99), t("Makarna 500 g", 19, 39),
            t("Sızma Zeytinyağı 1 L", 299, 549), t("Türk Kahvesi 100 g", 79, 149), t("Bitki Çayı 20'li", 39, 99)}
    };
    private static final String[][] VARIANTS = {
        {"Siyah", "Beyaz", "Lacivert", "Gri", "Kahverengi", "Bej", "Kırmızı"},
        {"Siyah", "Beyaz", "Gümüş", "Mavi"},
        {"No:01", "No:05", "No:12", "Nude", "Kırmızı", "Bordo"},
        {"", "Mavi", "Pembe", "Gri"},
        {"Siyah", "Lacivert", "Gri", "Yeşil"},
        {"", "Beyaz", "Antrasit", "Krem"},
        {"Siyah", "Beyaz", "İndigo", "Haki", "Bordo", "Ekru"},
        {"Ciltsiz", "Ciltli"},
        {""}
    };
    private static final int PRODUCTS_PER_TYPE = 5;
    private static final String[][] SEARCH_TERMS = {
        {"spor ayakkabı", "nike air", "kadın bot", "erkek sneaker", "beyaz ayakkabı"},
        {"kulaklık", "akıllı saat", "airpods", "robot süpürge", "samsung telefon"},
        {"ruj", "güneş kremi", "parfüm", "maskara", "şampuan"},
        {"bebek bezi", "prima 4 numara", "biberon", "bebek arabası", "ıslak mendil"},
        {"yoga matı", "dambıl", "eşofman", "futbol topu"},
        {"çay makinesi", "tencere seti", "nevresim", "türk kahvesi makinesi"},
        {"mont", "kazak", "jean", "elbise", "gömlek"},
        {"sabahattin ali", "roman", "oğuz atay", "klasikler"},
        {"çay", "zeytinyağı", "türk kahvesi", "peynir", "çikolata"}
    };

    private final Product[] products;
    private final int[][] byCategory;
    private final WeightedTable[] popularityInCategory;
    private final WeightedTable categoryWeights;
    private final WeightedTable storeCategoryWeights;
    private final byte[][][] searchProperties;
    private final byte[][] categoryPageFields;
    private final byte[][] categoryUrls;

    Catalog() {
        SplittableRandom random = new SplittableRandom(CATALOG_SEED);
        List<Product> all = new ArrayList<>();
        byCategory = new int[CATEGORIES.size()][];
        popularityInCategory = new WeightedTable[CATEGORIES.size()];
        for (int category = 0; category < CATEGORIES.size(); category++) {
            int first = all.size();
            for (ProductType type : TYPES[category]) {
                int perType = category == 7 ? 2 : PRODUCTS_PER_TYPE;
                for (int k = 0; k < perType; k++) {
                    all.add(product(random, all.size(), category, type, k));
                }
            }
            byCategory[category] = new int[all.size() - first];
            for (int i = 0; i < byCategory[category].length; i++) {
                byCategory[category][i] = first + i;
            }
            shuffle(byCategory[category], random); // popularity rank is independent of the listing order
            popularityInCategory[category] = WeightedTable.zipf(byCategory[category].length, 1.0);
        }
        products = all.toArray(Product[]::new);
        categoryWeights = new WeightedTable(CATEGORY_WEIGHT);
        double[] storeWeights = CATEGORY_WEIGHT.clone();
        storeWeights[SUPERMARKET] *= 3;
        storeWeights[1] *= 0.5;
        storeCategoryWeights = new WeightedTable(storeWeights);

        searchProperties = new byte[CATEGORIES.size()][][];
        categoryPageFields = new byte[CATEGORIES.size()][];
        categoryUrls = new byte[CATEGORIES.size()][];
        Utf8Builder out = new Utf8Builder(256);
        for (int category = 0; category < CATEGORIES.size(); category++) {
            String[] terms = SEARCH_TERMS[category];
            searchProperties[category] = new byte[terms.length][];
            for (int t = 0; t < terms.length; t++) {
                out.clear();
                out.append("{\"query\":").appendJsonString(terms[t]).append('}');
                searchProperties[category][t] = out.toBytes();
            }
            String path = "/kategori/" + TurkishText.slug(CATEGORIES.get(category));
            out.clear();
            out.append("\"path\":").appendJsonString(path)
                    .append(",\"url\":").appendJsonString(SITE + path)
                    .append(",\"title\":").appendJsonString(CATEGORIES.get(category) + " | " + SHOP_NAME);
            categoryPageFields[category] = out.toBytes();
            categoryUrls[category] = Utf8Builder.jsonBytes(SITE + path);
        }
    }

    private static Product product(SplittableRandom random, int index, int category, ProductType type, int k) {
        String[] brands = BRANDS[category];
        String brand = category == 7 ? brands[(index + k) % brands.length] : brands[random.nextInt(brands.length)];
        String variant = VARIANTS[category][random.nextInt(VARIANTS[category].length)];
        String typeName = type.name();
        String name = category == 7
                ? typeName + (variant.isEmpty() ? "" : " (" + variant + ")")
                : brand + " " + typeName + (variant.isEmpty() ? "" : " " + variant);
        long lira = type.lowLira() + random.nextInt(type.highLira() - type.lowLira() + 1);
        int[] endings = {90, 99, 0, 50};
        long kurus = lira * 100 + endings[random.nextInt(endings.length)];
        String productId = Long.toString(1_000_000 + index * 7919L % 8_999_999);
        String sku = SKU_PREFIX[category] + "-" + (100_000 + index * 131 % 900_000);
        return new Product(index, category, productId, sku, name, brand, kurus);
    }

    /** A kind of product and its price range in lira. */
    private record ProductType(String name, int lowLira, int highLira) {}

    private static ProductType t(String name, int lowLira, int highLira) {
        return new ProductType(name, lowLira, highLira);
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int held = values[i];
            values[i] = values[j];
            values[j] = held;
        }
    }

    /** A category drawn by how much it sells online. */
    int sampleCategory(SplittableRandom random) {
        return categoryWeights.sample(random);
    }

    /** A category drawn by how much it sells in stores (groceries more, electronics less). */
    int sampleStoreCategory(SplittableRandom random) {
        return storeCategoryWeights.sample(random);
    }

    /** A product of the category, popular ones more often. */
    Product sample(SplittableRandom random, int category) {
        return products[byCategory[category][popularityInCategory[category].sample(random)]];
    }

    /** {@code {"query":"…"}}: the properties of a Products Searched event in the category. */
    byte[] searchProperties(SplittableRandom random, int category) {
        byte[][] terms = searchProperties[category];
        return terms[random.nextInt(terms.length)];
    }

    /** {@code "path":"…","url":"…","title":"…"} of the category's listing page. */
    byte[] categoryPageFields(int category) {
        return categoryPageFields[category];
    }

    /** The category page URL as a JSON string. */
    byte[] categoryUrl(int category) {
        return categoryUrls[category];
    }
}
