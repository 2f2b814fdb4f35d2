package io.tekil.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TestTimelineCursor {
    @Test
    void aCursorSurvivesItsToken() {
        TimelineCursor cursor = new TimelineCursor(Instant.parse("2026-11-20T09:30:00.123456Z"), Instant.parse("2026-11-20T09:30:01Z"), "web", "m-1");
        assertThat(TimelineCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void aTokenThatIsNoCursorOrHasTimesNoEventHasIsRefusedWithAHint() {
        String farFuture = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("+300000-01-01T00:00:00Z\n2026-11-20T09:30:01Z\nweb\nm-1".getBytes(StandardCharsets.UTF_8));
        for (String token : new String[] {"not-a-cursor", farFuture}) {
            assertThatThrownBy(() -> TimelineCursor.decode(token))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a timeline cursor; pass the 'next' value of the previous page unchanged");
        }
    }
}
