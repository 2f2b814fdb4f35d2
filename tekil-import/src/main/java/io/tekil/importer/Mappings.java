package io.tekil.importer;

import io.tekil.core.error.TekilException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The mappings that ship with Tekil, by name. */
public final class Mappings {
    /** The built-in mapping names; each has a sample file under {@code samples/} in the repository. */
    public static final List<String> BUILT_IN = List.of("pos-transactions", "call-center", "crm-contacts", "email-engagement");

    private Mappings() {}

    /** @throws TekilException naming the built-in mappings when there is none called {@code name} */
    public static Mapping builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw TekilException.userError("no built-in mapping '%s'; use one of %s, or give a mapping file", name, BUILT_IN);
        }
        return MappingReader.read(text(name), "built-in '" + name + "'");
    }

    /** The YAML text of a built-in mapping, a starting point for one's own. */
    public static String text(String name) {
        try (InputStream in = Mappings.class.getResourceAsStream("mappings/" + name + ".yaml")) {
            if (in == null) {
                throw TekilException.userError("no built-in mapping '%s'; use one of %s", name, BUILT_IN);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
