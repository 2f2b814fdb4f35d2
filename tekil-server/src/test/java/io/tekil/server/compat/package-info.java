/**
 * Compatibility and robustness tests from the outside: the real Segment and RudderStack Java SDKs against a
 * running Tekil, and crash recovery of a separate server process killed under load.
 */
package io.tekil.server.compat;
