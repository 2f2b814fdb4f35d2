/** Wiring: {@link io.tekil.server.TekilServer} assembles storage, ingestion and the HTTP API into a running server. */
package io.tekil.server;
