package io.tekil.datagen;

import io.tekil.core.collect.LongSet;
import java.util.stream.IntStream;

/**
 * Makes every person's e-mail addresses unique across the whole population, as real providers do: a pre-pass
 * over all people in index order takes each one's natural address and, when someone earlier already has it,
 * the next "bumped" one with digits appended ({@link EmailAddresses#candidate}). Only the bump (one byte per
 * address) is kept; the address is recomputed when the person is generated.
 *
 * <p>Cost: one {@link PersonFactory#core} and one candidate per person (in parallel), then one pass in index
 * order over 64-bit fingerprints, so the result does not depend on threads. Two different addresses with the
 * same fingerprint would only cost an unneeded bump.
 */
final class EmailDirectory {
    private static final int MAX_BUMP = 120;

    private final PersonFactory factory;
    private final byte[] primaryBump;
    private final byte[] secondBump;

    private EmailDirectory(PersonFactory factory, byte[] primaryBump, byte[] secondBump) {
        this.factory = factory;
        this.primaryBump = primaryBump;
        this.secondBump = secondBump;
    }

    static EmailDirectory build(PersonFactory factory) {
        int people = factory.people();
        long[] natural = new long[people];
        IntStream.range(0, people).parallel().forEach(index ->
                natural[index] = fingerprint(factory.emailCandidate(index, factory.core(index), false, 0)));
        byte[] primaryBump = new byte[people];
        byte[] secondBump = new byte[people];
        LongSet taken = new LongSet();
        for (int index = 0; index < people; index++) {
            PersonCore core = null;
            if (!taken.add(natural[index])) {
                core = factory.core(index);
                primaryBump[index] = bumpUntilFree(factory, taken, index, core, false);
            }
            if (factory.hasSecondEmail(index)) {
                core = core != null ? core : factory.core(index);
                secondBump[index] = taken.add(fingerprint(factory.emailCandidate(index, core, true, 0)))
                        ? 0 : bumpUntilFree(factory, taken, index, core, true);
            }
        }
        return new EmailDirectory(factory, primaryBump, secondBump);
    }

    private static byte bumpUntilFree(PersonFactory factory, LongSet taken, int index, PersonCore core, boolean second) {
        for (int bump = 1; bump <= MAX_BUMP; bump++) {
            if (taken.add(fingerprint(factory.emailCandidate(index, core, second, bump)))) {
                return (byte) bump;
            }
        }
        throw new IllegalStateException(String.format(
                "no free e-mail address for person %s after %s tries; this should not happen below %s people",
                Person.personId(index), MAX_BUMP, GeneratorConfig.MAX_PEOPLE));
    }

    String primary(int index, PersonCore core) {
        return factory.emailCandidate(index, core, false, primaryBump[index]);
    }

    /** The person's second address, or null if they use only one. */
    String second(int index, PersonCore core) {
        return factory.hasSecondEmail(index) ? factory.emailCandidate(index, core, true, secondBump[index]) : null;
    }

    /** A 64-bit FNV-1a hash of the chars, finished with a mix so that similar addresses spread. */
    static long fingerprint(String text) {
        long hash = 0xCBF2_9CE4_8422_2325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x0000_0100_0000_01B3L;
        }
        return Dice.mix(hash, 0, 0);
    }
}
