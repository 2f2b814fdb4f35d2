package io.tekil.datagen;

import java.util.Locale;

/** The shape of a person's activity over the window, written to {@code truth/people.csv} in lowercase. */
enum Lifecycle {
    /** Arrives late in the window and stays. */
    NEW(0.15),
    /** Steady throughout. */
    LOYAL(0.30),
    /** Active early, fading towards the end. */
    LAPSING(0.16),
    /** Active early, then gone. */
    CHURNED(0.18),
    /** Steady and several times as active and as big-spending as others. */
    VIP(0.05),
    /** Active, gone for a stretch, then back (usually after a campaign). */
    WINBACK(0.16);

    private final double share;
    private final String label;

    Lifecycle(double share) {
        this.share = share;
        this.label = name().toLowerCase(Locale.ROOT);
    }

    /** The fraction of people with this lifecycle. */
    double share() {
        return share;
    }

    String label() {
        return label;
    }
}
