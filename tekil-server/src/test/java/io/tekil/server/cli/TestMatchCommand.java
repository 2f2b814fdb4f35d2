package io.tekil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tekil.core.identity.IdentityInvariants;
import io.tekil.datagen.DataGenerator;
import io.tekil.datagen.GeneratorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TestMatchCommand {
    @TempDir
    Path directory;

    /**
     * Two store systems' customer lists of the generator's people, each with its own customer numbers and no shared
     * identifier: the second writes names in capitals without Turkish letters, swaps day and month now and then,
     * and leaves the phone out for half of them. The people include namesakes in one city. The clusters are scored
     * against the generator's truth.
     */
    @Test
    void matchFindsThePeopleOfTwoListsAndExplainsEveryLink() throws Exception {
        new DataGenerator(new GeneratorConfig(3_000, 60, 3, LocalDate.of(2026, 11, 22))).generate(directory);
        Path records = directory.resolve("customers.csv");
        Map<String, String> person = new HashMap<>();
        List<String> lines = new ArrayList<>(List.of("customer_no;first_name;last_name;birth_date;city;phone"));
        java.util.Random random = new java.util.Random(3);
        for (String line : Files.readAllLines(directory.resolve("truth/people.csv")).subList(1, 3_001)) {
            String[] p = line.split(",");
            String phone = "05" + (300_000_000 + random.nextInt(99_999_999));
            lines.add(String.join(";", "A-" + p[0], p[1], p[2], p[3], p[5], phone));
            LocalDate born = LocalDate.parse(p[3]);
            LocalDate typed = random.nextInt(10) == 0 && born.getDayOfMonth() <= 12 ? LocalDate.of(born.getYear(), born.getDayOfMonth(), born.getMonthValue()) : born;
            lines.add(String.join(";", "B-" + p[0], io.tekil.core.identity.match.TurkishFolding.fold(p[1]).toUpperCase(java.util.Locale.ROOT),
                    p[2].toUpperCase(java.util.Locale.forLanguageTag("tr")), typed.toString(), p[5], random.nextBoolean() ? "+90 " + phone.substring(1) : ""));
            person.put("A-" + p[0], p[0]);
            person.put("B-" + p[0], p[0]);
        }
        Files.write(records, lines);
        Path mapping = storeCustomersMapping();
        Path clusters = directory.resolve("clusters.csv");
        Path links = directory.resolve("links.csv");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<MatchCommand> commands = new ArrayList<>();
        int code = Main.run(keeping(commands), new PrintWriter(out), new PrintWriter(err), "match", records.toString(), "--mapping", mapping.toString(),
                "--id", "store_customer", "--out", clusters.toString(), "--explain", links.toString());
        assertThat(code).as(err.toString()).isZero();
        assertThat(IdentityInvariants.check(commands.getFirst().graph())).as("identity invariants").isEmpty();
        assertThat(out.toString()).contains("6,000 records (0 rejected): ").contains("profiles from shared identifiers"); // the phones link deterministically

        List<String> rows = Files.readAllLines(clusters);
        assertThat(rows.getFirst()).isEqualTo("record_id,profile_id");
        assertThat(rows).hasSize(6_001);
        assertThat(rows.get(1)).matches("A-p\\d+,p_[0-9a-f]{16}");
        Map<String, String> profile = new HashMap<>();
        rows.subList(1, rows.size()).forEach(row -> profile.put(row.split(",")[0], row.split(",")[1]));
        long together = 0;
        long correct = 0;
        List<String> ids = List.copyOf(profile.keySet());
        for (int i = 0; i < ids.size(); i++) {
            for (int j = i + 1; j < ids.size(); j++) {
                if (profile.get(ids.get(i)).equals(profile.get(ids.get(j)))) {
                    together++;
                    if (person.get(ids.get(i)).equals(person.get(ids.get(j)))) {
                        correct++;
                    }
                }
            }
        }
        assertThat(correct / (double) together).as("pairwise precision of the clusters").isGreaterThanOrEqualTo(0.99);
        assertThat(correct / 3_000.0).as("pairwise recall (one true pair per person)").isGreaterThanOrEqualTo(0.9);

        List<String> explained = Files.readAllLines(links);
        assertThat(explained.getFirst()).isEqualTo("decision,record_a,record_b,probability,score,explanation");
        assertThat(explained).anyMatch(line -> line.startsWith("link,"));
        assertThat(explained.subList(1, explained.size())).allSatisfy(line ->
                assertThat(line).matches("(link|review),[AB]-p\\d+,[AB]-p\\d+,[0-9.]+,-?[0-9.]+,\"score .*first_name .*birth_date .*\""));
    }

    /** Makes commands as picocli does, keeping each match command made. */
    private static CommandLine.IFactory keeping(List<MatchCommand> commands) {
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = CommandLine.defaultFactory().create(type);
                if (made instanceof MatchCommand command) {
                    commands.add(command);
                }
                return made;
            }
        };
    }

    /**
     * A model file with fixed weights decides exactly with them: the same person written twice is linked with the
     * file's weights (4 + 3 + 8 + 2 = 17 against a prior of 0.001), a transposed birth date only suggested; the
     * same model from the configuration's matching.model does the same; --link overrides the model's threshold.
     */
    @Test
    void matchUsesTheModelFileGivenWithModelOrInTheConfiguration() throws Exception {
        Path records = directory.resolve("customers.csv");
        Files.writeString(records, """
                customer_no;first_name;last_name;birth_date;city;phone
                A-1;Ayşe;Yılmaz;1984-05-12;İstanbul;
                B-1;AYSE;YILMAZ;1984-05-12;Istanbul;
                A-2;Mehmet;Kaya;1990-01-03;Ankara;
                B-2;MEHMET;KAYA;1990-03-01;ANKARA;
                A-3;Zeynep;Kaya;1975-07-30;İzmir;
                """);
        Path mapping = storeCustomersMapping();
        Path model = directory.resolve("model.yaml");
        Files.writeString(model, """
                comparisons:
                  - { field: first_name, kind: exact, m: [0.9, 0.1], u: [0.05625, 0.94375] }
                  - { field: last_name, kind: exact, m: [0.9, 0.1], u: [0.1125, 0.8875] }
                  - { field: birth_date, kind: birth-date, m: [0.96, 0.02, 0.01, 0.01], u: [0.00375, 0.01, 0.01, 0.97625] }
                  - { field: city, kind: exact, m: [0.8, 0.2], u: [0.2, 0.8] }
                blocking:
                  - key: [last_name]
                weights: { estimate: fixed, prior: 0.001 }
                thresholds: { link: 0.99, review: 0.5 }
                """);
        Path properties = directory.resolve("tekil.properties");
        Files.writeString(properties, "matching.model=" + model.toString().replace("\\", "/") + "\n");

        for (List<String> options : List.of(List.of("--model", model.toString()), List.of("--config", properties.toString()))) {
            Map<String, String> profile = match(records, mapping, options);
            assertThat(profile.get("A-1")).isEqualTo(profile.get("B-1"));
            assertThat(profile.get("A-2")).isNotEqualTo(profile.get("B-2"));
            assertThat(Files.readAllLines(directory.resolve("links.csv"))).containsExactly(
                    "decision,record_a,record_b,probability,score,explanation",
                    "link,B-1,A-1,0.992436,17.00,\"score 17.0, p 0.99244: first_name equal +4.0, last_name equal +3.0, birth_date equal +8.0, city equal +2.0\"",
                    "review,A-2,B-2,0.506179,10.00,\"score 10.0, p 0.50618: first_name equal +4.0, last_name equal +3.0, "
                            + "birth_date day and month transposed +1.0, city equal +2.0\"");
        }
        Map<String, String> linkedAtHalf = match(records, mapping, List.of("--model", model.toString(), "--link", "0.5"));
        assertThat(linkedAtHalf.get("A-2")).isEqualTo(linkedAtHalf.get("B-2"));
        assertThat(linkedAtHalf.get("A-3")).isNotEqualTo(linkedAtHalf.get("A-2"));

        Files.writeString(model, "comparisons: [{field: first_name, kind: soundex}]\nblocking: [{key: [last_name]}]\nthresholds: {link: 2}\n");
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "match", records.toString(), "--mapping", mapping.toString(),
                "--out", directory.resolve("o.csv").toString(), "--model", model.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("invalid value for matching.model (from the command line): matching model " + model + " has 2 problems:")
                .contains("comparisons[1].kind: unknown comparison kind 'soundex'").contains("thresholds.link: 2.0 must be between 0 and 1");
    }

    /** A mapping of a store system's customer list, separated by ';': customer number, names, birth date, city, phone. */
    private Path storeCustomersMapping() throws Exception {
        return Files.writeString(directory.resolve("customers.yaml"), """
                name: store-customers
                format: csv
                channel: store
                file: { delimiter: ";" }
                message:
                  type: identify
                  identifiers:
                    store_customer: customer_no
                  traits:
                    store_customer: customer_no
                    firstName: first_name
                    lastName: last_name
                    birthday: { column: birth_date, type: date }
                    city: city
                    phone: phone
                """);
    }

    /** Runs {@code tekil match} and gives each record's profile. */
    private Map<String, String> match(Path records, Path mapping, List<String> options) throws Exception {
        Path clusters = directory.resolve("clusters.csv");
        List<String> arguments = new ArrayList<>(List.of("match", records.toString(), "--mapping", mapping.toString(), "--id", "store_customer",
                "--out", clusters.toString(), "--explain", directory.resolve("links.csv").toString()));
        arguments.addAll(options);
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), arguments.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        Map<String, String> profile = new HashMap<>();
        Files.readAllLines(clusters).stream().skip(1).forEach(row -> profile.put(row.split(",")[0], row.split(",")[1]));
        return profile;
    }

    @Test
    void badThresholdsAndMissingIdsAreExplained() throws Exception {
        Path file = directory.resolve("crm.csv");
        Files.copy(Path.of("..", "samples", "crm-contacts.csv"), file);
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "match", file.toString(), "--mapping", "crm-contacts",
                "--out", directory.resolve("o.csv").toString(), "--link", "0.5", "--review", "0.9");
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("need 0 < review <= link < 1");

        err = new StringWriter();
        code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "match", file.toString(), "--mapping", "crm-contacts",
                "--id", "kimlik_no", "--out", directory.resolve("o.csv").toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("no identifier or trait 'kimlik_no'");
    }
}
