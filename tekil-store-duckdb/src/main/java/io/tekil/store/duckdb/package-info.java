/**
 * The embedded default storage backend: one DuckDB database file in the data directory. Events are appended
 * with DuckDB's Appender inside an explicit transaction, so a batch is stored whole or not at all.
 */
package io.tekil.store.duckdb;
