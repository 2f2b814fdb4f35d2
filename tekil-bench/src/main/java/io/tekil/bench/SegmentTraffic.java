package io.tekil.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Request bodies of a Turkish web shop's Segment traffic, as analytics-java sends them to {@code /v1/batch}:
 * {@code {"batch":[...],"sentAt":...,"context":{"library":...}}} with track calls "Product Viewed" (70%),
 * "Product Added" (22%) and "Order Completed" (8%). Each message carries a random UUID messageId, an
 * anonymousId, a userId for about 60% of messages, an ISO timestamp, commerce properties in TRY with Turkish
 * product and category names, and a browser context (library, page, userAgent, ip, locale tr-TR, timezone),
 * which makes a message about 700 to 1,100 bytes of JSON (about 900 on average).
 *
 * <p>Deterministic for a seed except for timestamps, which are taken relative to the generation time so the
 * data looks live. Every messageId is distinct (random 122 bits), so bodies from different calls never
 * de-duplicate against each other.
 */
public final class SegmentTraffic {
    /** The library every message and the batch name, as analytics-java does. */
    static final String LIBRARY = "analytics-java";
    static final String LIBRARY_VERSION = "3.5.4";

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ISO_INSTANT;

    private static final List<Product> PRODUCTS = List.of(
            new Product("SKU-10482", "Erkek Kışlık Şişme Mont", "Giyim > Dış Giyim", "Kuzey Tekstil", "Lacivert / L", 1899.90, "erkek-kislik-sisme-mont"),
            new Product("SKU-20931", "Kadın Hakiki Deri Çizme", "Ayakkabı > Çizme", "Bağcılar Deri", "Taba / 38", 2499.00, "kadin-hakiki-deri-cizme"),
            new Product("SKU-31077", "Bambu Nevresim Takımı Çift Kişilik", "Ev & Yaşam > Yatak Odası", "Uyku Şirketi", "Gri", 749.50, "bambu-nevresim-takimi"),
            new Product("SKU-41250", "Türk Kahvesi Makinesi", "Elektronik > Küçük Ev Aletleri", "Köpüklü", "Krem", 1349.00, "turk-kahvesi-makinesi"),
            new Product("SKU-52318", "Çocuk Oyun Halısı 120x180", "Anne & Bebek > Oyuncak", "Minik Adımlar", "Şehir Desenli", 429.99, "cocuk-oyun-halisi"),
            new Product("SKU-60044", "Soğuk Sıkım Zeytinyağı 1 L", "Süpermarket > Gıda", "Ege Bahçesi", "1 L", 389.90, "soguk-sikim-zeytinyagi"),
            new Product("SKU-71905", "Şişme Kamp Yatağı", "Spor & Outdoor > Kamp", "Doğa Yolu", "Yeşil", 899.00, "sisme-kamp-yatagi"),
            new Product("SKU-80017", "925 Ayar Gümüş Kolye", "Takı & Aksesuar > Kolye", "Işıltı", "Zincir 45 cm", 1150.00, "gumus-kolye"),
            new Product("SKU-92466", "Kablosuz Kulak İçi Kulaklık", "Elektronik > Ses Sistemleri", "Sesçi", "Siyah", 2199.00, "kablosuz-kulaklik"),
            new Product("SKU-93120", "İpek Eşarp", "Giyim > Aksesuar", "Bursa İpekçilik", "Çini Mavisi", 680.00, "ipek-esarp"));

    private static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15");

    private static final List<String> REFERRERS = List.of(
            "https://www.google.com.tr/", "https://www.instagram.com/", "", "https://www.ornekmagaza.com.tr/kampanyalar");

    private static final String SHOP = "https://www.ornekmagaza.com.tr";

    private final SplittableRandom random;
    private final Instant now;
    private final boolean libraryInMessages;
    private final int users;

    private record Product(String id, String name, String category, String brand, String variant, double price, String slug) {}

    /**
     * @param seed fixes every choice except the timestamps
     * @param libraryInMessages whether each message's context names the library too; when false Tekil must
     *     merge the batch context into every message and re-serialize it, as for clients that send the
     *     library only once per batch
     */
    public SegmentTraffic(long seed, boolean libraryInMessages) {
        this(seed, libraryInMessages, Instant.now());
    }

    /** @param now the moment the messages are sent at: timestamps fall in the minute before it */
    public SegmentTraffic(long seed, boolean libraryInMessages, Instant now) {
        this.random = new SplittableRandom(seed);
        this.now = now.truncatedTo(ChronoUnit.MILLIS);
        this.libraryInMessages = libraryInMessages;
        this.users = 50_000;
    }

    /** Realistic traffic: the library is named in each message and in the batch context. */
    public SegmentTraffic(long seed) {
        this(seed, true);
    }

    /** {@code count} batch bodies of {@code eventsPerBatch} messages each, as UTF-8 JSON. */
    public List<byte[]> batches(int count, int eventsPerBatch) {
        List<byte[]> bodies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bodies.add(batch(eventsPerBatch));
        }
        return bodies;
    }

    /** One batch body of {@code events} messages. */
    public byte[] batch(int events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(events * 1024);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeArrayFieldStart("batch");
            for (int i = 0; i < events; i++) {
                message(json);
            }
            json.writeEndArray();
            json.writeStringField("sentAt", ISO_MILLIS.format(now));
            json.writeObjectFieldStart("context");
            library(json);
            json.writeEndObject();
            json.writeNumberField("sequence", random.nextInt(1, 1_000_000));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes {@code events} messages as Segment NDJSON, one message per line, as an export of SDK traffic would. */
    public void writeNdjson(java.io.OutputStream out, long events) throws IOException {
        for (long i = 0; i < events; i++) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            try (JsonGenerator json = JSON.createGenerator(line, JsonEncoding.UTF8)) {
                message(json);
            }
            line.writeTo(out);
            out.write('\n');
        }
    }

    private void message(JsonGenerator json) throws IOException {
        int roll = random.nextInt(100);
        String event = roll < 70 ? "Product Viewed" : roll < 92 ? "Product Added" : "Order Completed";
        Product product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
        int user = random.nextInt(users);
        json.writeStartObject();
        json.writeStringField("type", "track");
        json.writeStringField("event", event);
        json.writeStringField("messageId", uuid().toString());
        json.writeStringField("anonymousId", new UUID(0x5e6d_0000_4000_0000L | user, 0x8000_0000_0000_0000L | user * 7919L).toString());
        if (random.nextInt(10) < 6) {
            json.writeStringField("userId", "musteri-" + (100_000 + user));
        }
        json.writeStringField("timestamp", ISO_MILLIS.format(now.minusMillis(random.nextInt(60_000))));
        json.writeObjectFieldStart("properties");
        switch (event) {
            case "Order Completed" -> order(json, product);
            default -> product(json, product, random.nextInt(1, 4));
        }
        json.writeEndObject();
        context(json, product);
        json.writeObjectFieldStart("integrations");
        json.writeEndObject();
        json.writeEndObject();
    }

    private void product(JsonGenerator json, Product product, int quantity) throws IOException {
        json.writeStringField("product_id", product.id());
        json.writeStringField("name", product.name());
        json.writeStringField("category", product.category());
        json.writeStringField("brand", product.brand());
        json.writeStringField("variant", product.variant());
        json.writeNumberField("price", product.price());
        json.writeNumberField("quantity", quantity);
        json.writeStringField("currency", "TRY");
        json.writeNumberField("position", random.nextInt(1, 49));
    }

    private void order(JsonGenerator json, Product first) throws IOException {
        int lines = random.nextInt(1, 3);
        double total = 0;
        json.writeStringField("order_id", "TR-" + random.nextInt(1_000_000, 9_999_999));
        json.writeStringField("affiliation", "Örnek Mağaza Web");
        json.writeArrayFieldStart("products");
        for (int i = 0; i < lines; i++) {
            Product product = i == 0 ? first : PRODUCTS.get(random.nextInt(PRODUCTS.size()));
            int quantity = random.nextInt(1, 3);
            total += product.price() * quantity;
            json.writeStartObject();
            json.writeStringField("product_id", product.id());
            json.writeStringField("name", product.name());
            json.writeStringField("category", product.category());
            json.writeNumberField("price", product.price());
            json.writeNumberField("quantity", quantity);
            json.writeEndObject();
        }
        json.writeEndArray();
        double shipping = total >= 500 ? 0 : 49.90;
        json.writeNumberField("revenue", Math.round(total * 100) / 100.0);
        json.writeNumberField("shipping", shipping);
        json.writeNumberField("tax", Math.round(total * 0.20 / 1.20 * 100) / 100.0);
        json.writeNumberField("total", Math.round((total + shipping) * 100) / 100.0);
        json.writeStringField("coupon", random.nextInt(4) == 0 ? "KASIM20" : "");
        json.writeStringField("currency", "TRY");
        json.writeStringField("category", first.category());
    }

    private void context(JsonGenerator json, Product product) throws IOException {
        json.writeObjectFieldStart("context");
        if (libraryInMessages) {
            library(json);
        }
        json.writeObjectFieldStart("page");
        json.writeStringField("path", "/urun/" + product.slug());
        json.writeStringField("referrer", REFERRERS.get(random.nextInt(REFERRERS.size())));
        json.writeStringField("title", product.name() + " | Örnek Mağaza");
        json.writeStringField("url", SHOP + "/urun/" + product.slug());
        json.writeEndObject();
        json.writeStringField("userAgent", USER_AGENTS.get(random.nextInt(USER_AGENTS.size())));
        json.writeStringField("ip", "85.10" + random.nextInt(2, 8) + "." + random.nextInt(256) + "." + random.nextInt(1, 255));
        json.writeStringField("locale", "tr-TR");
        json.writeStringField("timezone", "Europe/Istanbul");
        json.writeEndObject();
    }

    private static void library(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("library");
        json.writeStringField("name", LIBRARY);
        json.writeStringField("version", LIBRARY_VERSION);
        json.writeEndObject();
    }

    /** A version 4 UUID from this generator's random stream. */
    private UUID uuid() {
        long high = (random.nextLong() & ~0xf000L) | 0x4000L;
        long low = (random.nextLong() & 0x3fff_ffff_ffff_ffffL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
