package io.tekil.server.admin;

import io.tekil.core.store.SettingsStore;
import java.util.Optional;

/**
 * The admin API's bearer token. Only its SHA-256 hash is stored; the token itself is shown once, when it is
 * made.
 */
public final class AdminTokens {
    static final String HASH_SETTING = "admin.token.sha256";

    private final SettingsStore settings;
    private volatile String hash;

    private AdminTokens(SettingsStore settings, String hash) {
        this.settings = settings;
        this.hash = hash;
    }

    /** What {@link #initialize} did, so the caller can tell the operator. */
    public sealed interface Initialization {
        /** A new random token was made; this is the only time it can be shown. */
        record Generated(String token) implements Initialization {}

        /** The configured token ({@code TEKIL_ADMIN_TOKEN}) is in effect. */
        record Configured() implements Initialization {}

        /** The token made at an earlier start is still in effect. */
        record Existing() implements Initialization {}
    }

    public record Loaded(AdminTokens tokens, Initialization initialization) {}

    /**
     * Sets up the token: the configured one when {@code configuredToken} is not empty, else the stored one, else
     * a newly generated one.
     */
    public static Loaded initialize(SettingsStore settings, String configuredToken) {
        if (configuredToken != null && !configuredToken.isEmpty()) {
            String hash = Secrets.sha256Hex(configuredToken);
            if (!settings.get(HASH_SETTING).equals(Optional.of(hash))) {
                settings.put(HASH_SETTING, hash);
            }
            return new Loaded(new AdminTokens(settings, hash), new Initialization.Configured());
        }
        Optional<String> stored = settings.get(HASH_SETTING);
        if (stored.isPresent()) {
            return new Loaded(new AdminTokens(settings, stored.get()), new Initialization.Existing());
        }
        AdminTokens tokens = new AdminTokens(settings, null);
        return new Loaded(tokens, new Initialization.Generated(tokens.reset()));
    }

    /** Replaces the token with a new random one and returns it; the old one stops working. */
    public String reset() {
        String token = "tka_" + Secrets.random(24);
        String newHash = Secrets.sha256Hex(token);
        settings.put(HASH_SETTING, newHash);
        hash = newHash;
        return token;
    }

    public boolean verify(String presented) {
        return presented != null && hash != null && Secrets.constantTimeEquals(Secrets.sha256Hex(presented), hash);
    }
}
