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
                .hasMessageStartingWith("mapping bad.yaml has 14 problems:")
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
    void numbersFollowTheDecimalSeparator() {
        assertThat(Values.number("tutar", "1.249,90", ',')).isEqualTo(1249.90);
        assertThat(Values.number("tutar", "-12,5", ',')).isEqualTo(-12.5);
        assertThat(Values.number("amount", "1,249.90", '.')).isEqualTo(1249.90);
        for (String bad : new String[] {"12,5a", "12,5d", "NaN", "Infinity", "0x1p3", "", "-", "1e999"}) {
            assertThatThrownBy(() -> Values.number("amount", bad, ',')).hasMessage("column 'amount' value '" + bad + "' is not a number");
        }
    }
}
