/**
 * The unified profile as readers see it: traits merged across identifiers and sources, facts summarizing a
 * profile's events, and its cross-channel timeline.
 */
package io.tekil.core.profile;
