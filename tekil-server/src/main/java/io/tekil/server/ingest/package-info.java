/** The ingestion path from a parsed request to a durable commit: validation, de-duplication and group commit. */
package io.tekil.server.ingest;
