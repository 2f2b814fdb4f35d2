package io.tekil.core.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Event;
import io.tekil.core.event.JsonText;
import io.tekil.core.event.MessageType;
import io.tekil.core.ingest.MessageValidator;
import io.tekil.core.segment.SegmentProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random profiles and event histories for segment engines: the vocabulary of {@code TestingRules}, values of
 * every kind (numbers, numeric and other texts, booleans, dates and time stamps, lists, objects, nulls), times
 * on window edges (midnights, exact hours before now), profiles with several keys, keys and profiles without
 * events.
 */
public final class TestingHistories {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> NAMES = List.of("Order Completed", "Product Viewed", "Product Added", "Call Completed", "Email Opened", "Email Clicked");
    private static final List<String> TEXTS = List.of("İstanbul", "istanbul", "IZMIR", "Ankara", "Ayakkabı", "ayakkabi", "Çanta", "", "TR", "tr", "bahar-2026", "mobile");

    public record History(List<SegmentProfile> profiles, List<Event> events) {}

    private final SplittableRandom random;
    private final Instant now;
    private final ZoneId zone;

    public TestingHistories(long seed, Instant now, ZoneId zone) {
        this.random = new SplittableRandom(seed);
        this.now = now;
        this.zone = zone;
    }

    public History history(int profileCount, int maxEvents) {
        List<SegmentProfile> profiles = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int p = 0; p < profileCount; p++) {
            String id = "p" + p;
            List<String> keys = new ArrayList<>();
            int keyCount = 1 + random.nextInt(3);
            for (int k = 0; k < keyCount; k++) {
                keys.add("user:" + id + "-" + k);
            }
            int eventCount = random.nextInt(6) == 0 ? 0 : random.nextInt(maxEvents + 1);
            for (int e = 0; e < eventCount; e++) {
                events.add(event(id + "-e" + e, keys.get(random.nextInt(keys.size()))));
            }
            Set<String> segments = new HashSet<>();
            for (String segment : List.of("vip", "new-customers", "segment with spaces")) {
                if (random.nextInt(3) == 0) {
                    segments.add(segment);
                }
            }
            profiles.add(new SegmentProfile(id, keys, traits(), computed(), segments));
        }
        events.add(event("orphan", "user:nobody")); // an event of no loaded profile
        return new History(profiles, events);
    }

    private ObjectNode traits() {
        ObjectNode traits = MAPPER.createObjectNode();
        maybe(traits, "city", this::text);
        maybe(traits, "country", () -> pick(List.of("TR", "tr", "DE", "")));
        maybe(traits, "income", () -> pick(List.of(12000, 10000, "10000.01", "yüksek", 8500.5, -1)));
        maybe(traits, "birthday", this::dateLike);
        maybe(traits, "vip", () -> pick(List.of(true, false, "true")));
        maybe(traits, "tags", () -> pick(List.of(List.of(), List.of("a"), "etiket")));
        maybe(traits, "first name", () -> pick(List.of("Ayşe", "ayşe", "Işıl")));
        maybe(traits, "not", () -> pick(List.of(1, "x")));
        maybe(traits, "address", () -> random.nextBoolean() ? java.util.Map.of("city", text()) : java.util.Map.of());
        if (random.nextInt(5) == 0) {
            traits.putNull("city");
        }
        return traits;
    }

    private ObjectNode computed() {
        ObjectNode computed = MAPPER.createObjectNode();
        maybe(computed, "rfm_score", () -> pick(List.of(455, 120, 400, "400")));
        maybe(computed, "persona", () -> pick(List.of("bargain hunter", "Bargain Hunter", "loyal")));
        return computed;
    }

    private Object dateLike() {
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate date = switch (random.nextInt(4)) {
            case 0 -> today.minusYears(20 + random.nextInt(20)).plusDays(random.nextInt(15) - 7); // around an anniversary
            case 1 -> LocalDate.of(2000, 2, 29);
            default -> LocalDate.of(1950, 1, 1).plusDays(random.nextInt(25_000));
        };
        return switch (random.nextInt(5)) {
            case 0 -> date.atTime(22, 30).atZone(ZoneId.of("UTC")).toInstant().toString();
            case 1 -> date.atTime(1, 15, 30).atOffset(java.time.ZoneOffset.ofHours(3)).toString();
            case 2 -> "geçen bahar";
            default -> date.toString();
        };
    }

    private Event event(String messageId, String key) {
        MessageType type = switch (random.nextInt(6)) {
            case 0 -> MessageType.PAGE;
            case 1 -> MessageType.IDENTIFY;
            default -> MessageType.TRACK;
        };
        String name = switch (type) {
            case TRACK -> pick(NAMES);
            case PAGE -> pick(List.of("Checkout", "Home"));
            default -> null;
        };
        Channel channel = pick(List.of(Channel.WEB, Channel.MOBILE, Channel.MOBILE, Channel.STORE, Channel.CALL_CENTER, Channel.EMAIL));
        String source = pick(List.of("web", "pos-1", "app"));
        Instant timestamp = time();
        ObjectNode message = MAPPER.createObjectNode();
        message.put("type", type.id());
        message.put("messageId", messageId);
        if (random.nextInt(10) > 0) {
            ObjectNode properties = message.putObject("properties");
            maybe(properties, "category", () -> pick(List.of("Ayakkabı", "ayakkabi", "AYAKKABI", "Çanta", "", 42, 1.5e10, "42")));
            maybe(properties, "currency", () -> pick(List.of("TRY", "try", "EUR", 949)));
            maybe(properties, "revenue", () -> pick(List.of(1500, 799.9, 12000, "2500", "2.500 TL", 0, -50, 1.5e10, 123456789012345678L, "007", "")));
            maybe(properties, "price", () -> pick(List.of(99.9, 1299, "abc")));
            maybe(properties, "campaign", () -> pick(List.of("bahar-2026", "")));
            maybe(properties, "in", () -> pick(List.of(1, true, "x")));
            maybe(properties, "product", () -> java.util.Map.of("brand", pick(List.of("Nike", "nike", "Kiğılı"))));
            if (random.nextInt(8) == 0) {
                properties.putNull("category");
            }
        } else if (random.nextBoolean()) {
            message.put("properties", "not an object");
        }
        // the promoted columns derived from the message as ingestion derives them (Event's contract)
        com.fasterxml.jackson.databind.JsonNode properties = message.path("properties");
        return new Event(source, channel, messageId, type, name, key.substring(5), null, null, null, timestamp, null, timestamp,
                key, MessageValidator.promotedText(properties.get("category")), MessageValidator.promotedNumber(properties.get("price")),
                MessageValidator.promotedNumber(properties.has("revenue") ? properties.get("revenue") : properties.get("total")),
                MessageValidator.promotedText(properties.get("currency")), JsonText.of(message.toString()));
    }

    /** Mostly within two years before now, often on a window's edge. */
    private Instant time() {
        return switch (random.nextInt(6)) {
            case 0 -> LocalDate.ofInstant(now, zone).minusDays(random.nextInt(400)).atStartOfDay(zone).toInstant().plusMillis(random.nextInt(3) - 1);
            case 1 -> now.minus(Duration.ofHours(random.nextInt(5))).plusMillis(random.nextInt(3) - 1);
            case 2 -> now.minus(Duration.ofMinutes(random.nextInt(300)));
            case 3 -> now.plus(Duration.ofMinutes(random.nextInt(30))); // a client clock ahead
            default -> now.minus(Duration.ofMillis((long) (random.nextDouble() * 730 * 86_400_000L)));
        };
    }

    private String text() {
        return pick(TEXTS);
    }

    private void maybe(ObjectNode node, String field, java.util.function.Supplier<Object> value) {
        if (random.nextInt(4) > 0) {
            node.set(field, MAPPER.valueToTree(value.get()));
        }
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
