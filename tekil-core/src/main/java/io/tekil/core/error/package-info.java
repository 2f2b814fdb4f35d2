/** Failures with a category that the server maps to a status in one place. */
package io.tekil.core.error;
