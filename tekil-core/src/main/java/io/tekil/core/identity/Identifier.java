package io.tekil.core.identity;

import static java.util.Objects.requireNonNull;

import io.tekil.core.collect.SipHash;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One normalized identifier value, such as {@code email:ayse.yilmaz@gmail.com} or {@code phone:+905321234567}.
 * Two identifiers are the same person's handle exactly when they are equal.
 *
 * <p>A value like a record, but a class: it also carries its fingerprint, a keyed 128-bit hash (SipHash-1-3 of the value,
 * under a key derived for the type) computed once, where the identifier is made (on a request thread, for an event's). The identity graph finds an
 * identifier by its fingerprint alone (see {@code FingerprintTable}), and {@link #equals} tells most unequal
 * identifiers apart by it. The key is drawn per process ({@link SipHash#random}), so fingerprints are never stored.
 */
public final class Identifier implements Comparable<Identifier> {
    /** SipHash-1-3: the 2-4 of the reference cost as much as the lookups it saves (docs/benchmarks.md, "Seventeenth session"). */
    private static final SipHash FINGERPRINTS = SipHash.random(1, 3);
    /**
     * The fingerprint hash of each type, under a key derived for it: a value's bytes alone then tell it apart. Types
     * come from configuration, but also from {@code context.externalIds} and API requests, so only the first
     * {@link #CACHED_TYPES} are kept; the key of any other is derived each time (one more hash of its name).
     */
    private static final ConcurrentHashMap<IdentifierType, SipHash> FINGERPRINTS_BY_TYPE = new ConcurrentHashMap<>();
    private static final int CACHED_TYPES = 64;

    private final IdentifierType type;
    private final String value;
    private final long fingerprintFirst;
    private final long fingerprintSecond;
    private final int hash;

    public Identifier(IdentifierType type, String value) {
        this.type = requireNonNull(type, "type is null");
        this.value = requireNonNull(value, "value is null");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an identifier value cannot be empty");
        }
        this.hash = 31 * type.hashCode() + value.hashCode(); // here, on the thread that made it, not in the resolver's maps
        SipHash.Tag fingerprint = fingerprints(type).text(value);
        this.fingerprintFirst = fingerprint.first();
        this.fingerprintSecond = fingerprint.second();
    }

    private static SipHash fingerprints(IdentifierType type) {
        SipHash hash = FINGERPRINTS_BY_TYPE.get(type);
        if (hash != null) {
            return hash;
        }
        return FINGERPRINTS_BY_TYPE.size() < CACHED_TYPES ? FINGERPRINTS_BY_TYPE.computeIfAbsent(type, t -> FINGERPRINTS.derive(t.name()))
                : FINGERPRINTS.derive(type.name());
    }

    public static Identifier of(IdentifierType type, String value) {
        return new Identifier(type, value);
    }

    public IdentifierType type() {
        return type;
    }

    public String value() {
        return value;
    }

    long fingerprintFirst() {
        return fingerprintFirst;
    }

    long fingerprintSecond() {
        return fingerprintSecond;
    }

    /** {@code type:value}, the form used as a key and in the API. */
    public String key() {
        return type.name() + ":" + value;
    }

    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Identifier that && fingerprintFirst == that.fingerprintFirst
                && fingerprintSecond == that.fingerprintSecond && type.equals(that.type) && value.equals(that.value);
    }

    /** As a record of the two would hash, so that maps keyed by identifiers keep the iteration order they always had. */
    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Identifier other) {
        int byType = type.name().compareTo(other.type.name());
        return byType != 0 ? byType : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return key();
    }
}
