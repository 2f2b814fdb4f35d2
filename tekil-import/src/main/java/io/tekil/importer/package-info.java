/**
 * Bulk import of offline sources: CSV and NDJSON files, turned by a declarative {@link io.tekil.importer.Mapping}
 * into Segment-spec messages, streamed with constant memory, idempotent, every bad row reported with its line.
 */
package io.tekil.importer;
