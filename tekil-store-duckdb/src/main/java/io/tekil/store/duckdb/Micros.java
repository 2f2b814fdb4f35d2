package io.tekil.store.duckdb;

import java.time.Instant;

/** DuckDB TIMESTAMP values cross the JDBC boundary as microseconds since the epoch, in UTC. */
final class Micros {
    private Micros() {}

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
