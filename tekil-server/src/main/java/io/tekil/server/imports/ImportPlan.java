package io.tekil.server.imports;

import static java.util.Objects.requireNonNull;

import io.tekil.core.error.TekilException;
import io.tekil.core.event.Channel;
import io.tekil.core.event.Source;
import io.tekil.importer.ImportFormat;
import io.tekil.importer.Mapping;
import io.tekil.importer.Mappings;
import io.tekil.server.admin.SourceRegistry;
import java.util.Optional;

/**
 * What an import of one file will do: into which source, with which mapping.
 *
 * @param sourceCreated the source did not exist and was made for this import
 */
public record ImportPlan(Source source, boolean sourceCreated, Mapping mapping) {
    public ImportPlan {
        requireNonNull(source, "source is null");
        requireNonNull(mapping, "mapping is null");
    }

    /**
     * Settles the source and mapping of an import, creating the source when it does not exist and a channel is
     * known (from {@code channel}, else the mapping's).
     *
     * @param mapping the mapping, or null for Segment NDJSON
     * @param format the format asked for, or null to take the mapping's (or guess from the file name)
     * @throws TekilException user error saying what to add
     */
    public static ImportPlan resolve(SourceRegistry sources, String sourceName, String channel, ImportFormat format,
            Mapping mapping, String fileName) {
        if (sourceName == null || sourceName.isBlank()) {
            throw TekilException.userError("say which source the file comes from: --source NAME (or ?source=NAME)");
        }
        if (mapping == null) {
            ImportFormat chosen = format != null ? format : ImportFormat.guess(fileName);
            if (chosen != ImportFormat.SEGMENT_NDJSON) {
                throw TekilException.userError(
                        "a %s import needs a mapping that says which columns are identifiers, traits and event fields: "
                                + "give a built-in one (%s) or a YAML file; see docs/import.md",
                        chosen.id(), String.join(", ", Mappings.BUILT_IN));
            }
            mapping = Mapping.segmentNdjson(null);
        } else if (format != null && format != mapping.format()) {
            throw TekilException.userError("the mapping '%s' reads %s files, not %s; drop the format or pick another mapping",
                    mapping.name(), mapping.format().id(), format.id());
        }
        String channelName = channel != null && !channel.isBlank() ? channel : mapping.channel();
        Optional<Source> existing = sources.byName(sourceName);
        if (existing.isPresent()) {
            return new ImportPlan(existing.get(), false, mapping);
        }
        if (channelName == null) {
            throw TekilException.userError("there is no source '%s'; add --channel (one of %s) to create it, or pick one of %s",
                    sourceName, Channel.allIds(), sources.list().stream().map(Source::name).toList());
        }
        Channel parsed;
        try {
            parsed = Channel.parse(channelName);
        } catch (IllegalArgumentException e) {
            throw TekilException.userError("%s", e.getMessage());
        }
        return new ImportPlan(sources.create(sourceName, parsed), true, mapping);
    }
}
