/**
 * Building blocks of probabilistic matching: Turkish-aware text folding, string similarity and the field
 * comparisons (names, birth dates, phone suffixes) that Fellegi-Sunter weights are attached to.
 */
package io.tekil.core.identity.match;
