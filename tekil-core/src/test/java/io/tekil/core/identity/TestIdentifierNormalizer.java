package io.tekil.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestIdentifierNormalizer {
    private final IdentifierNormalizer normalizer = IdentifierNormalizer.defaults();

    @Test
    void emailsAreTrimmedAndLowerCasedWithoutTurkishSurprises() {
        assertThat(value(IdentifierType.EMAIL, "AYŞE.İNCE@Example.com")).contains("ayşe.ince@example.com");
        assertThat(value(IdentifierType.EMAIL, "  Ayse.Yilmaz@Gmail.com ")).contains("ayse.yilmaz@gmail.com");
        assertThat(value(IdentifierType.EMAIL, "ILKER.ISIK@HOTMAIL.COM")).contains("ilker.isik@hotmail.com");
        assertThat(value(IdentifierType.EMAIL, "not-an-email")).isEmpty();
        assertThat(value(IdentifierType.EMAIL, "a@b@c.com")).isEmpty();
        assertThat(value(IdentifierType.EMAIL, "TEST@test.com")).isEmpty();
    }

    @Test
    void turkishPhonesInAnyFormatAreOneE164Number() {
        for (String written : new String[] {"0532 123 45 67", "+90 (532) 123-4567", "5321234567", "0 (532) 123 45 67", "+905321234567",
                "0532 123 4567", "+90 532 123 45 67"}) {
            assertThat(value(IdentifierType.PHONE, written)).as(written).contains("+905321234567");
        }
        assertThat(value(IdentifierType.PHONE, "12345")).isEmpty();
        assertThat(value(IdentifierType.PHONE, "0000000000")).isEmpty();
        assertThat(value(IdentifierType.PHONE, "telefon yok")).isEmpty();
        assertThat(value(IdentifierType.PHONE, "+49 30 901820")).contains("+4930901820");
    }

    @Test
    void theDefaultPatternsLoopAgreesWithItsRegularExpression() {
        java.util.function.Predicate<String> loop = IdentifierNormalizer.matcher(IdentifierNormalizer.DEFAULT_BLOCKED_PATTERNS.getFirst());
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(IdentifierNormalizer.DEFAULT_BLOCKED_PATTERNS.getFirst());
        String alphabet = "0-().+ \t\n\u000b\f\r\u00a0\u20281aO_";
        java.util.Random random = new java.util.Random(7);
        int blocked = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(8);
            for (int j = 0; j < length; j++) {
                // mostly the pattern's own characters, so that both answers come up often
                text.append(alphabet.charAt(random.nextInt(random.nextInt(10) < 8 ? 12 : alphabet.length())));
            }
            boolean expected = regex.matcher(text).matches();
            assertThat(loop.test(text.toString())).as("'%s'", text).isEqualTo(expected);
            blocked += expected ? 1 : 0;
        }
        assertThat(blocked).isBetween(2_000, 18_000);
        assertThat(IdentifierNormalizer.matcher("tmp-.*").test("tmp-1")).isTrue();
    }

    @Test
    void blockedValuesNeverLink() {
        for (String junk : new String[] {"null", "undefined", "0", "-1", "anonymous", "NULL", " ", "00000000-0000-0000-0000-000000000000"}) {
            assertThat(value(IdentifierType.USER_ID, junk)).as(junk).isEmpty();
            assertThat(value(IdentifierType.ANONYMOUS_ID, junk)).as(junk).isEmpty();
        }
        IdentifierNormalizer custom = new IdentifierNormalizer(java.util.List.of("guest"), java.util.List.of("tmp-.*"), "TR", java.util.Set.of());
        assertThat(custom.normalize(IdentifierType.USER_ID, "Guest")).isEmpty();
        assertThat(custom.normalize(IdentifierType.USER_ID, "tmp-123")).isEmpty();
        assertThat(custom.normalize(IdentifierType.USER_ID, "u-1").map(Identifier::key)).contains("user_id:u-1");
    }

    @Test
    void onlyBuiltInAndDeclaredCustomTypesLink() throws Exception {
        IdentifierType memberNo = IdentifierType.of("member_no");
        IdentifierNormalizer declared = new IdentifierNormalizer(IdentifierNormalizer.DEFAULT_BLOCKED, IdentifierNormalizer.DEFAULT_BLOCKED_PATTERNS,
                "TR", java.util.Set.of(memberNo));
        assertThat(declared.normalize(memberNo, " M-İ42 ").map(Identifier::key)).contains("member_no:M-İ42");
        assertThat(declared.normalize(IdentifierType.of("membr_no"), "M-42")).as("a mistyped type links nothing").isEmpty();
        assertThat(normalizer.normalize(memberNo, "M-42")).as("not declared by default").isEmpty();
        for (IdentifierType builtIn : IdentifierType.BUILT_IN) {
            assertThat(normalizer.isDeclared(builtIn)).isTrue();
            assertThat(normalizer.isDeclared(IdentifierType.of(builtIn.name().toUpperCase(java.util.Locale.ROOT)))).as("a copy, not the constant").isTrue();
        }
        var message = new ObjectMapper().readTree("""
                {"type":"track","anonymousId":"c-1","event":"x","context":{"externalIds":[{"id":"M-42","type":"member_no"},{"id":"M-43","type":"membr_no"}]}}
                """);
        assertThat(new IdentifierExtractor(declared).extract(message, io.tekil.core.event.MessageType.TRACK)).extracting(Identifier::key)
                .containsExactly("anonymous_id:c-1", "member_no:M-42");
        byte[] bytes = message.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new IdentifierExtractor(declared).extract(bytes, io.tekil.core.event.MessageType.TRACK)).extracting(Identifier::key)
                .containsExactly("anonymous_id:c-1", "member_no:M-42");
    }

    @Test
    void identifiersAreFoundWhereSegmentKeepsThem() throws Exception {
        var message = new ObjectMapper().readTree("""
                {"type":"identify","userId":"u-1","anonymousId":"c-1","traits":{"email":"AYSE@Gmail.com","phone":"bozuk"},
                 "context":{"device":{"id":"d-1"},"traits":{"phone":"0532 123 45 67"},
                            "externalIds":[{"id":"C100234","type":"crm_id"},{"id":"L1","type":"Loyalty_ID"},{"id":"x","type":"1bad"},{"type":"email"}]}}
                """);
        assertThat(new IdentifierExtractor(normalizer).extract(message, io.tekil.core.event.MessageType.IDENTIFY)).extracting(Identifier::key).containsExactly(
                "user_id:u-1", "anonymous_id:c-1", "device_id:d-1", "phone:+905321234567", "email:ayse@gmail.com", "crm_id:C100234",
                "loyalty_id:L1");
        var track = new ObjectMapper().readTree("{\"type\":\"track\",\"anonymousId\":\"c-1\",\"traits\":{\"email\":\"a@b.com\"}}");
        assertThat(new IdentifierExtractor(normalizer).extract(track, io.tekil.core.event.MessageType.TRACK)).extracting(Identifier::key).containsExactly("anonymous_id:c-1");
    }

    private Optional<String> value(IdentifierType type, String raw) {
        return normalizer.normalize(type, raw).map(Identifier::value);
    }
}
