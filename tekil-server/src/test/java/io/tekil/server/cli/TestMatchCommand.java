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
        Path mapping = directory.resolve("customers.yaml");
        Files.writeString(mapping, """
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
