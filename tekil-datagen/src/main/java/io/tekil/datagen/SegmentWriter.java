package io.tekil.datagen;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Writes Segment messages (one JSON object per line) as analytics.js sends them from the web and the mobile
 * SDKs send them from the app: {@code page}, {@code screen}, {@code track} and {@code identify} with a
 * deterministic UUID {@code messageId}, an ISO-8601 UTC {@code timestamp}, {@code anonymousId}, {@code userId}
 * once the browser or app knows the user, and the SDK's {@code context}. Each message also gets its row in
 * {@code truth/records.csv}.
 *
 * <p>Everything repeated is prepared bytes (field names, the {@link Browser}'s and {@link AppInstall}'s context,
 * the {@link Product}'s fields), so a message is mostly array copies plus a UUID and a timestamp. One instance
 * per thread; {@link #useBrowser} or {@link #useApp} starts a session.
 */
final class SegmentWriter {
    private static final byte[] PAGE = ascii("{\"type\":\"page\",\"messageId\":\"");
    private static final byte[] SCREEN = ascii("{\"type\":\"screen\",\"messageId\":\"");
    private static final byte[] TRACK = ascii("{\"type\":\"track\",\"messageId\":\"");
    private static final byte[] IDENTIFY = ascii("{\"type\":\"identify\",\"messageId\":\"");
    private static final byte[] TIMESTAMP = ascii("\",\"timestamp\":\"");
    private static final byte[] AFTER_TIMESTAMP = ascii("\",");
    private static final byte[] WEB_CONTEXT = ascii(",\"context\":{\"library\":{\"name\":\"analytics.js\",\"version\":\"next-1.72.0\"},\"page\":{");
    private static final byte[] REFERRER = ascii(",\"referrer\":");
    private static final byte[] NAME_HOME = utf8(",\"name\":\"Ana Sayfa\",\"properties\":{");
    private static final byte[] NAME_CATEGORY = utf8(",\"name\":\"Kategori\",\"properties\":{");
    private static final byte[] NAME_PRODUCT = utf8(",\"name\":\"Ürün Detay\",\"properties\":{");
    private static final byte[] NAME_CART = utf8(",\"name\":\"Sepet\",\"properties\":{");
    private static final byte[] HOME_FIELDS = utf8("\"path\":\"/\",\"url\":\"" + Catalog.SITE + "/\",\"title\":\"" + Catalog.SHOP_NAME
            + " | Online Alışveriş\"");
    private static final byte[] HOME_URL = utf8("\"" + Catalog.SITE + "/\"");
    private static final byte[] CART_FIELDS = utf8("\"path\":\"/sepet\",\"url\":\"" + Catalog.SITE + "/sepet\",\"title\":\"Sepetim | "
            + Catalog.SHOP_NAME + "\"");
    private static final byte[] CART_URL = utf8("\"" + Catalog.SITE + "/sepet\"");
    private static final byte[] EMPTY_PROPERTIES = ascii("}");
    private static final byte[] PRODUCTS_SEARCHED = ascii(",\"event\":\"Products Searched\",\"properties\":");
    private static final byte[] PRODUCT_VIEWED = ascii(",\"event\":\"Product Viewed\",\"properties\":{");
    private static final byte[] PRODUCT_ADDED = ascii(",\"event\":\"Product Added\",\"properties\":{");
    private static final byte[] CHECKOUT_STARTED = ascii(",\"event\":\"Checkout Started\",\"properties\":{\"order_id\":");
    private static final byte[] ORDER_COMPLETED = ascii(",\"event\":\"Order Completed\",\"properties\":{\"order_id\":");
    private static final byte[] CURRENCY_CLOSE = ascii(",\"currency\":\"TRY\"}");
    private static final byte[] QUANTITY = ascii(",\"quantity\":");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] TOTAL = ascii(",\"total\":");
    private static final byte[] REVENUE = ascii(",\"revenue\":");
    private static final byte[] SHIPPING = ascii(",\"shipping\":");
    private static final byte[] PRODUCTS = ascii(",\"currency\":\"TRY\",\"products\":[");
    private static final byte[] TRAITS = ascii(",\"traits\":{\"email\":");

    private final Timeline timeline;
    private Chunk chunk;
    private GroundTruth truth;
    private Person person;
    private SplittableRandom random;
    private byte[] userIdField;
    private Utf8Builder out;
    private OutputFile file;
    private Browser browser;
    private AppInstall app;
    private byte[] pageFields;
    private byte[] pageUrl;
    private byte[] referrer;

    SegmentWriter(Timeline timeline) {
        this.timeline = timeline;
    }

    void startPerson(Chunk chunk, GroundTruth truth, Person person) {
        this.chunk = chunk;
        this.truth = truth;
        this.person = person;
        this.random = person.random;
        userIdField = person.userId == null ? null : utf8(",\"userId\":\"" + person.userId + "\"");
    }

    /** Starts a web session in {@code browser}, arriving from {@code externalReferrer} (a JSON string). */
    void useBrowser(Browser browser, byte[] externalReferrer) {
        this.browser = browser;
        this.app = null;
        this.out = chunk.out(OutputFile.WEB);
        this.file = OutputFile.WEB;
        this.referrer = externalReferrer;
        this.pageUrl = externalReferrer;
        truth.saw(IdentifierType.ANONYMOUS_ID, browser.anonymousId);
    }

    /** Starts an app session on {@code app}. */
    void useApp(AppInstall app) {
        this.app = app;
        this.browser = null;
        this.out = chunk.out(OutputFile.MOBILE);
        this.file = OutputFile.MOBILE;
        truth.saw(IdentifierType.ANONYMOUS_ID, app.anonymousId);
        if (app.deviceId.equals(person.borrowedDeviceId)) {
            truth.usedBorrowedDevice();
        } else {
            truth.saw(IdentifierType.DEVICE_ID, app.deviceId);
        }
    }

    boolean onApp() {
        return app != null;
    }

    /** Whether the current browser or app sends the user id. */
    boolean knowsUser() {
        return app != null ? app.knowsUser : browser.knowsUser;
    }

    void home(long utc) {
        view(utc, NAME_HOME, HOME_FIELDS, HOME_URL, null);
    }

    void category(long utc, Catalog catalog, int category) {
        view(utc, NAME_CATEGORY, catalog.categoryPageFields(category), catalog.categoryUrl(category), null);
    }

    void cart(long utc) {
        view(utc, NAME_CART, CART_FIELDS, CART_URL, null);
    }

    /** The product page or screen, then its Product Viewed. */
    void productViewed(long utc, Product product) {
        view(utc, NAME_PRODUCT, product.pageFields, product.urlJson, product);
        open(TRACK, utc + 150 + random.nextInt(600));
        out.append(PRODUCT_VIEWED).append(product.segmentFields).append(CURRENCY_CLOSE);
        close();
    }

    void productAdded(long utc, Product product, int quantity) {
        open(TRACK, utc);
        out.append(PRODUCT_ADDED).append(product.segmentFields).append(QUANTITY).appendLong(quantity).append(CURRENCY_CLOSE);
        close();
    }

    void searched(long utc, byte[] properties) {
        open(TRACK, utc);
        out.append(PRODUCTS_SEARCHED).append(properties);
        close();
    }

    void checkoutStarted(long utc, Order order) {
        open(TRACK, utc);
        out.append(CHECKOUT_STARTED).appendJsonString(order.orderId)
                .append(VALUE).appendMoney(order.revenueKurus(), '.')
                .append(REVENUE).appendMoney(order.revenueKurus(), '.');
        appendProducts(order);
        close();
    }

    void orderCompleted(long utc, Order order) {
        open(TRACK, utc);
        long revenue = order.revenueKurus();
        long shipping = order.shippingKurus();
        out.append(ORDER_COMPLETED).appendJsonString(order.orderId)
                .append(TOTAL).appendMoney(revenue + shipping, '.')
                .append(REVENUE).appendMoney(revenue, '.')
                .append(SHIPPING).appendMoney(shipping, '.');
        appendProducts(order);
        close();
    }

    private void appendProducts(Order order) {
        out.append(PRODUCTS);
        for (int i = 0; i < order.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('{').append(order.product(i).segmentFields).append(QUANTITY).appendLong(order.quantity(i)).append('}');
        }
        out.append(']').append('}');
    }

    /**
     * An {@code identify} with the person's traits (sign-up or log-in); from now on this browser or app sends
     * the user id. The person must have one.
     */
    void identify(long utc) {
        if (app != null) {
            app.knowsUser = true;
        } else {
            browser.knowsUser = true;
        }
        truth.saw(IdentifierType.USER_ID, person.userId);
        open(IDENTIFY, utc);
        String email = person.emailVariant != null && random.nextBoolean() ? person.emailVariant : person.email;
        truth.saw(IdentifierType.EMAIL, email);
        out.append(TRAITS).appendJsonString(email);
        if (random.nextDouble() < 0.7) {
            String phone = PhoneFormat.sample(random).format(person.nationalPhone);
            truth.saw(IdentifierType.PHONE, phone);
            out.append(",\"phone\":").appendJsonString(phone);
        }
        PersonCore core = person.core;
        out.append(",\"firstName\":").appendJsonString(core.firstName())
                .append(",\"lastName\":").appendJsonString(core.lastName())
                .append(",\"birthday\":\"").append(Timeline.isoDate(java.time.LocalDate.ofEpochDay(core.birthEpochDay())))
                .append("\",\"city\":").appendJsonString(core.city())
                .append(",\"gender\":").append(core.female() ? "\"female\"" : "\"male\"").append('}');
        close();
    }

    /** Moves to a page (web: a page call with the previous page as referrer) or a screen (app: a screen call). */
    private void view(long utc, byte[] nameAndProperties, byte[] fields, byte[] url, Product product) {
        if (app == null) {
            referrer = pageUrl;
            pageFields = fields;
            pageUrl = url;
            open(PAGE, utc);
            out.append(nameAndProperties).append(fields).append(REFERRER).append(referrer).append('}');
        } else {
            open(SCREEN, utc);
            out.append(nameAndProperties);
            if (product != null) {
                out.append(product.segmentFields);
            }
            out.append(EMPTY_PROPERTIES);
        }
        close();
    }

    private void open(byte[] typeAndMessageId, long utc) {
        out.append(typeAndMessageId);
        int idAt = out.length();
        out.appendUuid(random.nextLong(), random.nextLong());
        truth.record(file, out, idAt, 36);
        chunk.count(file);
        out.append(TIMESTAMP);
        timeline.appendIsoMillis(out, utc);
        out.append(AFTER_TIMESTAMP).append(app != null ? app.anonymousIdField : browser.anonymousIdField);
        if (knowsUser()) {
            out.append(userIdField);
        }
    }

    private void close() {
        if (app != null) {
            out.append(app.contextTail);
        } else {
            out.append(WEB_CONTEXT).append(pageFields).append(REFERRER).append(referrer).append(browser.contextTail);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
