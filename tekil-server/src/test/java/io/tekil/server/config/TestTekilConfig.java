package io.tekil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTekilConfig {
    @TempDir
    Path directory;

    @Test
    void defaultsFileEnvironmentAndFlagsLayerInThatOrder() throws Exception {
        Path file = directory.resolve("tekil.properties");
        Files.writeString(file, "server.port=9000\ningest.max-event-bytes=1000\ningest.dedup-window-days=10\n");
        TekilConfig config = TekilConfig.load(file,
                Map.of("TEKIL_INGEST_MAX_EVENT_BYTES", "2000", "TEKIL_ADMIN_TOKEN", "from-env", "PATH", "/usr/bin"),
                Map.of("server.port", "9100"));
        assertThat(config.get(TekilConfig.SERVER_PORT)).isEqualTo(9100);
        assertThat(config.get(TekilConfig.MAX_EVENT_BYTES)).isEqualTo(2000);
        assertThat(config.get(TekilConfig.DEDUP_WINDOW_DAYS)).isEqualTo(10);
        assertThat(config.get(TekilConfig.ADMIN_TOKEN)).isEqualTo("from-env");
        assertThat(config.get(TekilConfig.MAX_BATCH_BYTES)).isEqualTo(512000);
    }

    @Test
    void customIdentifierTypesAreDeclaredBeforeTheyLinkOrAreRanked() {
        TekilConfig config = TekilConfig.of(Map.of("identity.custom-types", "member_no, TCKN_Hash", "identity.priority", "user_id,member_no,email"));
        assertThat(config.customTypes()).extracting(type -> type.name()).containsExactly("member_no", "tckn_hash");
        assertThat(config.identifierNormalizer().normalize(io.tekil.core.identity.IdentifierType.of("member_no"), "M-42")).isPresent();
        assertThat(config.identifierNormalizer().normalize(io.tekil.core.identity.IdentifierType.of("member_nr"), "M-42")).isEmpty();
        assertThat(config.identityRules().priority()).extracting(type -> type.name()).containsExactly("user_id", "member_no", "email");

        assertThatThrownBy(() -> TekilConfig.of(Map.of("identity.priority", "user_id,membr_no", "identity.limits", "tckn=1")).identityRules())
                .hasMessageContaining("identity.priority and identity.limits name membr_no, tckn, which are not built-in")
                .hasMessageContaining("declare custom types in identity.custom-types");
        assertThatThrownBy(() -> TekilConfig.of(Map.of("identity.custom-types", "email,Bad Type")))
                .as("found when the configuration loads").hasMessageContaining("identity.custom-types")
                .hasMessageContaining("'email' is built in")
                .hasMessageContaining("invalid identifier type 'bad type'");
    }

    @Test
    void identityRulesComeFromConfigurationWithEveryProblemNamed() {
        io.tekil.core.identity.IdentityRules rules = TekilConfig.of(Map.of("identity.priority", "user_id, tckn_hash, email",
                "identity.limits", "email=2,tckn_hash=1", "identity.max-identifiers", "50", "identity.custom-types", "tckn_hash")).identityRules();
        assertThat(rules.priority()).extracting(type -> type.name()).containsExactly("user_id", "tckn_hash", "email");
        assertThat(rules.limit(io.tekil.core.identity.IdentifierType.EMAIL)).isEqualTo(2);
        assertThat(rules.limit(io.tekil.core.identity.IdentifierType.PHONE)).isEqualTo(Integer.MAX_VALUE);
        assertThat(rules.maxIdentifiers()).isEqualTo(50);
        assertThat(TekilConfig.of(Map.of()).identityRules()).isEqualTo(io.tekil.core.identity.IdentityRules.DEFAULTS);

        assertThatThrownBy(() -> TekilConfig.of(Map.of("identity.priority", "email,Bad Type,email", "identity.limits", "phone=0,email=x,crm_id"))
                .identityRules())
                .hasMessageContaining("invalid identity rules")
                .hasMessageContaining("invalid identifier type 'bad type'")
                .hasMessageContaining("priority lists 'email' twice")
                .hasMessageContaining("limit 'phone=0': the limit must be at least 1")
                .hasMessageContaining("limit 'email=x': not a whole number")
                .hasMessageContaining("limit 'crm_id': not of the form type=N");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        Path file = directory.resolve("tekil.properties");
        Files.writeString(file, "server.prot=9000\ningest.max-event-bytes=lots\n");
        assertThatThrownBy(() -> TekilConfig.load(file, Map.of("TEKIL_SERVER_PORT", "70000"), Map.of()))
                .hasMessageContaining("unknown key 'server.prot' in file " + file)
                .hasMessageContaining("invalid value for ingest.max-event-bytes (from file " + file + "): 'lots' is not a whole number")
                .hasMessageContaining("invalid value for server.port (from the environment): 70000 must be between 0 and 65535");
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertThat(TekilConfig.ADMIN_TOKEN.environmentVariable()).isEqualTo("TEKIL_ADMIN_TOKEN");
        assertThat(TekilConfig.MAX_BATCH_BYTES.environmentVariable()).isEqualTo("TEKIL_INGEST_MAX_BATCH_BYTES");
    }

    @Test
    void everyKeyIsDocumentedWithItsDefault() throws Exception {
        Path doc = Path.of(System.getProperty("user.dir")).getParent().resolve("docs/configuration.md");
        String text = Files.readString(doc);
        for (ConfigKey<?> key : TekilConfig.KEYS) {
            assertThat(text).as("docs/configuration.md documents " + key.name())
                    .contains("`" + key.name() + "`")
                    .contains("`" + key.environmentVariable() + "`");
            if (!key.defaultValue().isEmpty()) {
                assertThat(text).contains("| `" + key.name() + "` | `" + key.environmentVariable() + "` | `" + key.defaultValue() + "` |");
            }
        }
    }
}
