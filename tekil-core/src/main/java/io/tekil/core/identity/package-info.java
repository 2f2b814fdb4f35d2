/**
 * Identity resolution: identifiers and their normalization, the rules that bound a profile, and the identity graph
 * whose link log decides which identifiers (and so which events) belong to one person.
 */
package io.tekil.core.identity;
