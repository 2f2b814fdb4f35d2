/** Small primitive collections for hot paths, where boxing would cost more than the work. */
package io.tekil.core.collect;
