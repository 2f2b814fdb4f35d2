package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TestGeneratorConfig {
    private static final LocalDate END = LocalDate.of(2026, 3, 31);

    @Test
    void rejectsEmptyOrOversizedRunsWithTheLimit() {
        assertThatThrownBy(() -> new GeneratorConfig(0, 10, 1, END))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("people must be between 1 and 9999999, was 0; choose a smaller population");
        assertThatThrownBy(() -> new GeneratorConfig(10_000_000, 10, 1, END))
                .hasMessageStartingWith("people must be between 1 and 9999999, was 10000000");
        assertThatThrownBy(() -> new GeneratorConfig(10, 0, 1, END))
                .hasMessage("days must be between 1 and 3660, was 0; generate longer periods in separate runs");
        assertThatThrownBy(() -> new GeneratorConfig(10, 10, 1, null)).hasMessage("endDate is null");
    }

    @Test
    void theWindowEndsOnTheEndDate() {
        assertThat(new GeneratorConfig(1, 365, 1, END).startDate()).isEqualTo(LocalDate.of(2025, 4, 1));
        assertThat(new GeneratorConfig(1, 1, 1, END).startDate()).isEqualTo(END);
    }
}
