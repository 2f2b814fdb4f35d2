package io.tekil.importer;

import java.io.Closeable;
import java.io.IOException;

/** Reads the records of a file one at a time, with constant memory. */
interface RowReader extends Closeable {
    /** The next record, or null at the end of the file. */
    Row next() throws IOException;
}
