package io.tekil.datagen;

import static java.util.Objects.requireNonNull;

/**
 * One e-mail campaign, sent on a day of the window.
 *
 * @param sendMsOfDay local time the sending starts
 * @param columns {@code campaign_id,campaign_name,} as CSV, prepared once
 * @param url the landing page a click goes to, as a CSV field
 */
record Campaign(String id, String name, int day, int sendMsOfDay, byte[] columns, byte[] url) {
    Campaign {
        requireNonNull(id, "id is null");
        requireNonNull(name, "name is null");
        requireNonNull(columns, "columns is null");
        requireNonNull(url, "url is null");
    }
}
