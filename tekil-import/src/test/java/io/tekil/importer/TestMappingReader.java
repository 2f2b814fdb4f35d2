package io.tekil.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tekil.core.error.TekilException;
import org.junit.jupiter.api.Test;

class TestMappingReader {
    @Test
    void everyBuiltInMappingReads() {
        for (String name : Mappings.BUILT_IN) {
            Mapping mapping = Mappings.builtIn(name);
            assertThat(mapping.name()).isEqualTo(name);
            assertThat(mapping.channel()).isNotNull();
            assertThat(mapping.message().identifiers()).isNotEmpty();
        }
        assertThatThrownBy(() -> Mappings.builtIn("pos")).hasMessageContaining("no built-in mapping 'pos'; use one of [pos-transactions,");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPlace() {
        assertThatThrownBy(() -> MappingReader.read("""
                format: xlsx
                channel: fax
                file: { delimiter: ";;", decimal: "x", encoding: klingon }
                message:
                  type: alias
                  timestamp: { column: t, format: "dd.MM.yyyy QQQQQQ", zone: Mars/Olympus }
                  identifiers: {}
                  properties:
                    total: { column: a, value: b }
                    count: { column: c, type: money, sum: true }
                  extra: 1
                """, "bad.yaml"))
                .isInstanceOf(TekilException.class)
                .hasMessageStartingWith("mapping bad.yaml has 15 problems:")
                .hasMessageContaining("name: give the mapping a name")
                .hasMessageContaining("format: unknown format 'xlsx'; use one of segment-ndjson, ndjson, csv")
                .hasMessageContaining("channel: unknown channel 'fax'")
                .hasMessageContaining("file.encoding: unknown character set 'klingon'")
                .hasMessageContaining("file.delimiter: ';;' must be a single character")
                .hasMessageContaining("file.decimal: 'x' is not a decimal separator")
                .hasMessageContaining("message.extra: unknown key")
                .hasMessageContaining("message.type: 'alias' cannot be imported")
                .hasMessageContaining("message.timestamp.format: 'dd.MM.yyyy QQQQQQ' is not a date-time pattern")
                .hasMessageContaining("message.timestamp.zone: unknown time zone 'Mars/Olympus'")
                .hasMessageContaining("message.identifiers: map at least one identifier")
                .hasMessageContaining("message.properties.total: give exactly one of 'column', 'columns' or 'value'")
                .hasMessageContaining("message.properties.count.type: unknown type 'money'");
        assertThatThrownBy(() -> MappingReader.read("a: [", "broken.yaml")).hasMessageStartingWith("mapping broken.yaml is not valid YAML");
    }

    @Test
    void impossibleDatesAreRefused() {
        assertThatThrownBy(() -> Values.timestamp("tarih", "30.02.2026 10:00:00", "dd.MM.yyyy HH:mm:ss", Mapping.DEFAULT_ZONE))
                .hasMessage("column 'tarih' value '30.02.2026 10:00:00' is not a date-time in the format dd.MM.yyyy HH:mm:ss");
        assertThat(Values.timestamp("tarih", "28.02.2026 10:00:00", "dd.MM.yyyy HH:mm:ss", Mapping.DEFAULT_ZONE))
                .hasToString("2026-02-28T07:00:00Z");
        assertThat(Values.date("d", "29.02.2024", "dd.MM.yyyy")).isEqualTo("2024-02-29");
        assertThatThrownBy(() -> Values.date("d", "29.02.2026", "dd.MM.yyyy")).hasMessageContaining("is not a date in the format dd.MM.yyyy");
        assertThatThrownBy(() -> MappingReader.read("""
                name: x
                message:
                  type: identify
                  identifiers: { email: e }
                  traits: { birthday: { column: b, type: date, format: epoch-seconds } }
                """, "x.yaml")).hasMessageContaining("epoch formats are for timestamps");
    }

    @Test
    void numbersFollowTheDecimalSeparator() {
        assertThat(Values.number("tutar", "1.249,90", ',')).isEqualTo(1249.90);
        assertThat(Values.number("tutar", "-12,5", ',')).isEqualTo(-12.5);
        assertThat(Values.number("amount", "1,249.90", '.')).isEqualTo(1249.90);
        assertThat(Values.number("tutar", "1.234.567,5", ',')).isEqualTo(1234567.5);
        assertThatThrownBy(() -> Values.number("amount", "2499,90", '.')).as("a Turkish price read with a '.' decimal separator")
                .hasMessage("column 'amount' value '2499,90' is not a number");
        assertThat(Values.integer("adet", "3,00", ',')).isEqualTo(3);
        assertThat(Values.integer("adet", "1.500", ',')).isEqualTo(1500);
        for (String notWhole : new String[] {"2,5", "1.0,5", "1,0"}) {
            assertThatThrownBy(() -> Values.integer("adet", notWhole, '.')).hasMessage("column 'adet' value '" + notWhole + "' is not a whole number");
        }
        for (String bad : new String[] {"12,5a", "12,5d", "NaN", "Infinity", "0x1p3", "", "-", "1e999", "12.5", "1.2.3,4", "1.23,4"}) {
            assertThatThrownBy(() -> Values.number("amount", bad, ',')).hasMessage("column 'amount' value '" + bad + "' is not a number");
        }
    }
}
