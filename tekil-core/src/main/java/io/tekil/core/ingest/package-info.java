/**
 * The ingestion rules of the Segment HTTP Tracking API: parsing request bodies, validating each message,
 * and remembering message ids for de-duplication. Works on bytes already in memory; no I/O.
 */
package io.tekil.core.ingest;
