package io.tekil.server.cli;

import io.tekil.importer.Mapping;
import io.tekil.importer.Mappings;
import java.util.List;

/** The files {@code tekil generate} writes and how {@code tekil demo} imports each: into which source, with which mapping. */
final class DemoData {
    private DemoData() {}

    /**
     * @param mapping a built-in mapping name, or null for Segment NDJSON
     */
    record DemoFile(String file, String source, String channel, String mapping) {
        Mapping loadMapping() {
            return mapping == null ? Mapping.segmentNdjson(channel) : Mappings.builtIn(mapping);
        }
    }

    static final List<DemoFile> FILES = List.of(
            new DemoFile("crm-contacts.csv", "crm", "crm", "crm-contacts"),
            new DemoFile("web.ndjson", "web", "web", null),
            new DemoFile("mobile.ndjson", "mobile-app", "mobile", null),
            new DemoFile("pos-transactions.csv", "magaza", "store", "pos-transactions"),
            new DemoFile("call-center.csv", "cagri-merkezi", "call_center", "call-center"),
            new DemoFile("email-engagement.csv", "eposta", "email", "email-engagement"));
}
