/** Segments on the server: previewing and explaining rules over the unified profiles. */
package io.tekil.server.segment;
