/**
 * Import jobs: resolve a file's source and mapping, run the importer against the group committer, and keep each
 * job's progress, result and rejected rows for the CLI and the {@code /api/imports} API.
 */
package io.tekil.server.imports;
