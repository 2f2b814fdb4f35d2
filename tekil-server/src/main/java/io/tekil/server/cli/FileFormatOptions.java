package io.tekil.server.cli;

import io.tekil.core.error.TekilException;
import io.tekil.importer.Mapping;
import java.nio.charset.Charset;
import picocli.CommandLine.Option;

/** {@code --encoding}, {@code --delimiter} and {@code --decimal}: what a command may override in a mapping's file options. */
final class FileFormatOptions {
    @Option(names = "--encoding", paramLabel = "CHARSET", description = "Overrides the mapping's encoding, e.g. windows-1254.")
    String encoding;

    @Option(names = "--delimiter", paramLabel = "CHAR", description = "Overrides the mapping's CSV delimiter, e.g. ';' or tab.")
    String delimiter;

    @Option(names = "--decimal", paramLabel = "CHAR", description = "Overrides the mapping's decimal separator: '.' or ','.")
    String decimal;

    boolean any() {
        return encoding != null || delimiter != null || decimal != null;
    }

    /** {@code mapping} with the given overrides. */
    Mapping applyTo(Mapping mapping) {
        Mapping.FileOptions file = mapping.file();
        try {
            Charset charset = encoding == null ? file.encoding() : Charset.forName(encoding);
            char delimiterChar = delimiter == null ? file.delimiter() : Mapping.FileOptions.character("--delimiter", delimiter);
            char decimalChar = decimal == null ? file.decimalSeparator() : Mapping.FileOptions.character("--decimal", decimal);
            return mapping.withFile(new Mapping.FileOptions(charset, delimiterChar, file.quote(), decimalChar));
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
    }
}
