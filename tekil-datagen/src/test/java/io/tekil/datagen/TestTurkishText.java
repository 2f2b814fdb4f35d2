package io.tekil.datagen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TestTurkishText {
    @Test
    void foldsTurkishLettersToAscii() {
        assertThat(TurkishText.asciiLower("Işıl Öztürk")).isEqualTo("isilozturk");
        assertThat(TurkishText.asciiLower("İbrahim Çağrı Şükrü")).isEqualTo("ibrahimcagrisukru");
        assertThat(TurkishText.slug("Ev & Yaşam")).isEqualTo("ev-yasam");
        assertThat(TurkishText.slug("27\" Monitör Siyah")).isEqualTo("27-monitor-siyah");
    }

    @Test
    void typosAlwaysChangeTheNameByOneSmallEdit() {
        SplittableRandom random = new SplittableRandom(9);
        for (String name : new String[] {"Ayşe", "Işıl", "Mehmet", "Öztürk", "Su", "Can", "İbrahim"}) {
            for (int i = 0; i < 200; i++) {
                String typo = TurkishText.typo(name, random);
                assertThat(typo).isNotEqualTo(name).isNotEmpty();
                assertThat(Math.abs(typo.length() - name.length())).isLessThanOrEqualTo(1);
            }
        }
    }
}
