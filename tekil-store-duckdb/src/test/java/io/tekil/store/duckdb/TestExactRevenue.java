package io.tekil.store.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestExactRevenue {
    private static BigDecimal of(String json) {
        return ExactRevenue.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void numbersAndNumberTextsThatTheJsonPathReadsExactly() {
        assertThat(of("{\"properties\":{\"revenue\":1299.90}}")).isEqualByComparingTo("1299.9");
        assertThat(of("{\"type\":\"track\",\"properties\":{\"products\":[{\"revenue\":1}],\"revenue\":-50}}")).isEqualByComparingTo("-50");
        assertThat(of("{\"properties\":{\"revenue\":1.5E10}}")).isEqualByComparingTo("15000000000");
        assertThat(of("{\"properties\":{\"revenue\":\"007\"}}")).isEqualByComparingTo("7");
        assertThat(of("{\"properties\":{\"revenue\":\"2500.1234567891\"}}")).isEqualByComparingTo("2500.1234567891");
    }

    @Test
    void whateverTheColumnCannotStandInForIsNull() {
        assertThat(of("{\"properties\":{\"total\":5}}")).as("no revenue").isNull();
        assertThat(of("{\"context\":{\"revenue\":5}}")).as("not under properties").isNull();
        assertThat(of("{\"properties\":{\"revenue\":\"2.500 TL\"}}")).as("not a plain number").isNull();
        assertThat(of("{\"properties\":{\"revenue\":true}}")).isNull();
        assertThat(of("{\"properties\":{\"revenue\":1.23456789012}}")).as("more than 10 decimals").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1234567890123456}}")).as("more than 15 digits, read through a double").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1},\"properties\":{\"revenue\":2}}")).as("properties twice").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1,\"revenue\":2}}")).as("revenue twice").isNull();
        assertThat(of("{\"properties\":{\"revenue\":1")).as("broken JSON").isNull();
        assertThat(of("[\"revenue\"]")).isNull();
    }
}
