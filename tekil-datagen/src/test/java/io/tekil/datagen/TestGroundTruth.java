package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestGroundTruth {
    @TempDir
    static Path directory;
    private static TestingDataset data;
    private static Map<List<String>, List<String>> identifiers;
    private static Map<String, List<String>> people;
    private static Map<List<String>, String> records;

    @BeforeAll
    static void generate() throws IOException {
        data = TestingDataset.generate(directory);
        identifiers = new HashMap<>();
        for (List<String> row : data.rows("truth/identifiers.csv")) {
            List<String> previous = identifiers.put(List.of(row.get(0), row.get(1)), row);
            assertThat(previous).as("(type, value) listed twice: %s", row).isNull();
        }
        people = new HashMap<>();
        for (List<String> row : data.rows("truth/people.csv")) {
            people.put(row.get(0), row);
        }
        records = new HashMap<>();
        for (List<String> row : data.rows("truth/records.csv")) {
            String previous = records.put(List.of(row.get(0), row.get(1)), row.get(2));
            assertThat(previous).as("record listed twice: %s", row).isNull();
        }
    }

    @Test
    void everyIdentifierBelongsToOneExistingPersonWithAKnownTypeAndNote() {
        Set<String> types = Set.of("anonymous_id", "device_id", "user_id", "email", "phone", "crm_id", "loyalty_id");
        for (List<String> row : identifiers.values()) {
            assertThat(row).hasSize(4);
            assertThat(types).contains(row.get(0));
            assertThat(people).as("person of %s", row).containsKey(row.get(2));
            assertThat(row.get(3)).isIn("", "shared_device", "junk");
        }
    }

    @Test
    void everyRecordHasOneTruthRowAndItsIdentifiersPointToItsPerson() {
        Set<List<String>> seen = new HashSet<>();
        int checkedIdentifiers = 0;
        for (String file : List.of("web.ndjson", "mobile.ndjson")) {
            for (JsonNode message : data.json(file)) {
                String person = personOf(file, message.get("messageId").asText(), seen);
                checkedIdentifiers += check(person, "anonymous_id", message.path("anonymousId").asText(null));
                checkedIdentifiers += check(person, "user_id", message.path("userId").asText(null));
                checkedIdentifiers += check(person, "device_id", message.path("context").path("device").path("id").asText(null));
                checkedIdentifiers += check(person, "email", message.path("traits").path("email").asText(null));
                checkedIdentifiers += check(person, "phone", message.path("traits").path("phone").asText(null));
            }
        }
        for (List<String> row : data.rows("pos-transactions.csv")) {
            String key = row.get(0);
            String person = seen.contains(List.of("pos-transactions.csv", key))
                    ? records.get(List.of("pos-transactions.csv", key)) : personOf("pos-transactions.csv", key, seen);
            checkedIdentifiers += check(person, "phone", row.get(4)) + check(person, "loyalty_id", row.get(5));
        }
        for (List<String> row : data.rows("call-center.csv")) {
            String person = personOf("call-center.csv", row.get(0), seen);
            checkedIdentifiers += check(person, "phone", row.get(2)) + check(person, "crm_id", row.get(3));
        }
        for (List<String> row : data.rows("crm-contacts.csv")) {
            String person = personOf("crm-contacts.csv", row.get(0), seen);
            checkedIdentifiers += check(person, "crm_id", row.get(0)) + check(person, "email", row.get(3))
                    + check(person, "phone", row.get(4)) + check(person, "loyalty_id", row.get(10));
        }
        for (List<String> row : data.rows("email-engagement.csv")) {
            String person = personOf("email-engagement.csv", row.get(0), seen);
            checkedIdentifiers += check(person, "email", row.get(3));
        }
        assertThat(seen).as("records.csv rows without a record").hasSameSizeAs(records.keySet());
        assertThat(checkedIdentifiers).isGreaterThan(10_000);
    }

    private static String personOf(String file, String key, Set<List<String>> seen) {
        List<String> id = List.of(file, key);
        assertThat(seen.add(id)).as("key %s appears in two records of %s", key, file).isTrue();
        String person = records.get(id);
        assertThat(person).as("truth of %s %s", file, key).isNotNull();
        assertThat(people).containsKey(person);
        return person;
    }

    /** The identifier (if any) is listed, under the record's person unless it is a shared device or junk. */
    private static int check(String person, String type, String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        List<String> row = identifiers.get(List.of(type, value));
        assertThat(row).as("%s '%s' of %s is not in identifiers.csv", type, value, person).isNotNull();
        if (row.get(3).isEmpty()) {
            assertThat(row.get(2)).as("%s '%s'", type, value).isEqualTo(person);
        }
        return 1;
    }

    @Test
    void everyNoiseKindOccursAndMatchesTheData() {
        Map<String, List<List<String>>> noise = data.rows("truth/noise.csv").stream()
                .collect(Collectors.groupingBy(row -> row.get(0)));
        assertThat(noise).containsOnlyKeys(
                "name_typo", "email_case", "shared_device", "two_emails", "same_name_same_city", "junk_value");
        for (List<String> row : noise.values().stream().flatMap(List::stream).toList()) {
            for (String person : row.get(1).split(";")) {
                assertThat(people).as("noise row %s", row).containsKey(person);
            }
        }

        for (List<String> row : noise.get("same_name_same_city")) {
            String[] pair = row.get(1).split(";");
            List<String> first = people.get(pair[0]);
            List<String> second = people.get(pair[1]);
            assertThat(List.of(second.get(1), second.get(2), second.get(5)))
                    .isEqualTo(List.of(first.get(1), first.get(2), first.get(5)));
        }

        Map<String, List<String>> emailsOf = new HashMap<>();
        for (List<String> row : identifiers.values()) {
            if (row.get(0).equals("email") && row.get(3).isEmpty()) {
                emailsOf.computeIfAbsent(row.get(2), p -> new ArrayList<>()).add(row.get(1));
            }
        }
        for (List<String> row : noise.get("email_case")) {
            Set<String> normalized = emailsOf.get(row.get(1)).stream().map(TestGroundTruth::normalize).collect(Collectors.toSet());
            assertThat(emailsOf.get(row.get(1)).size()).isGreaterThan(normalized.size());
        }
        for (List<String> row : noise.get("two_emails")) {
            Set<String> normalized = emailsOf.get(row.get(1)).stream().map(TestGroundTruth::normalize).collect(Collectors.toSet());
            assertThat(normalized).hasSizeGreaterThanOrEqualTo(2);
        }

        Map<String, List<String>> crmRows = data.rows("crm-contacts.csv").stream()
                .collect(Collectors.toMap(row -> records.get(List.of("crm-contacts.csv", row.get(0))), row -> row));
        for (List<String> row : noise.get("name_typo")) {
            List<String> truth = people.get(row.get(1));
            List<String> crm = crmRows.get(row.get(1));
            assertThat(List.of(crm.get(1), crm.get(2))).isNotEqualTo(List.of(truth.get(1), truth.get(2)));
        }

        Set<String> devicesOfOthers = new HashSet<>();
        for (JsonNode message : data.json("mobile.ndjson")) {
            String person = records.get(List.of("mobile.ndjson", message.get("messageId").asText()));
            devicesOfOthers.add(person + " " + message.at("/context/device/id").asText());
        }
        for (List<String> row : noise.get("shared_device")) {
            String[] pair = row.get(1).split(";");
            List<String> device = identifiers.values().stream()
                    .filter(r -> r.get(0).equals("device_id") && r.get(3).equals("shared_device") && r.get(2).equals(pair[0]))
                    .findFirst().orElseThrow();
            assertThat(devicesOfOthers).contains(pair[1] + " " + device.get(1));
            assertThat(people.get(pair[1]).get(2)).as("same household surname").isEqualTo(people.get(pair[0]).get(2));
        }

        Set<String> junk = identifiers.values().stream().filter(r -> r.get(3).equals("junk")).map(r -> r.get(1))
                .collect(Collectors.toSet());
        assertThat(junk).isNotEmpty();
        assertThat(junk).allSatisfy(value -> assertThat(value).matches("test@test\\.com|a@a\\.com|asd@asd\\.com|yok@yok\\.com"
                + "|xxx@xxx\\.com|0000000000|1111111111|9999999999|1234567890"));
    }

    @Test
    void everyNoiseKindOccursEvenInAOneDayWindow(@TempDir Path oneDay) throws IOException {
        new DataGenerator(new GeneratorConfig(2_000, 1, 99, LocalDate.of(2026, 2, 1))).generate(oneDay);
        Set<String> kinds = new HashSet<>();
        for (String line : java.nio.file.Files.readAllLines(oneDay.resolve("truth/noise.csv"))) {
            kinds.add(line.substring(0, line.indexOf(',')));
        }
        assertThat(kinds).containsExactlyInAnyOrder(
                "kind", "name_typo", "email_case", "shared_device", "two_emails", "same_name_same_city", "junk_value");
    }

    @Test
    void peopleHaveValidTrueValues() {
        LocalDate end = TestingDataset.CONFIG.endDate();
        for (List<String> row : people.values()) {
            assertThat(row).hasSize(8);
            assertThat(row.get(0)).matches("p\\d{6}");
            int age = Period.between(LocalDate.parse(row.get(3)), end).getYears();
            assertThat(age).isBetween(18, 76);
            assertThat(row.get(4)).isIn("K", "E");
            assertThat(row.get(6)).isIn("0-10000", "10000-25000", "25000-50000", "50000+");
            assertThat(row.get(7)).isIn("new", "loyal", "lapsing", "churned", "vip", "winback");
        }
        assertThat(people.values().stream().map(row -> row.get(7)).distinct()).hasSize(6);
    }

    private static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
