/**
 * Probabilistic matching: Turkish-aware text folding, string similarity, the field comparisons (names, birth dates,
 * phone suffixes) that Fellegi-Sunter weights are attached to, blocking rules, and the {@link io.tekil.core.identity.match.Matcher}
 * that a matching model file describes (read in tekil-server; this package reads no files).
 */
package io.tekil.core.identity.match;
