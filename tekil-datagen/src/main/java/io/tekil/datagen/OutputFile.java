package io.tekil.datagen;

import java.nio.charset.StandardCharsets;

/** The files the generator writes, with their names (relative to the output directory) and first bytes. */
enum OutputFile {
    WEB("web.ndjson", ""),
    MOBILE("mobile.ndjson", ""),
    POS("pos-transactions.csv",
            "\uFEFFreceipt_no;store;date;time;phone;loyalty_no;sku;product;category;quantity;unit_price;line_total\n"),
    CALLS("call-center.csv", "call_id,started_at,phone,customer_no,duration_seconds,reason,outcome,agent\n"),
    CRM("crm-contacts.csv",
            "customer_no,first_name,last_name,email,phone,birth_date,gender,city,district,income_band,loyalty_no,created_at\n"),
    EMAIL("email-engagement.csv", "event_id,campaign_id,campaign_name,email,action,occurred_at,url\n"),
    TRUTH_PEOPLE("truth/people.csv", "person_id,first_name,last_name,birth_date,gender,city,income_band,lifecycle\n"),
    TRUTH_IDENTIFIERS("truth/identifiers.csv", "type,value,person_id,note\n"),
    TRUTH_RECORDS("truth/records.csv", "file,key,person_id\n"),
    TRUTH_NOISE("truth/noise.csv", "kind,person_ids,detail\n");

    private final String fileName;
    private final byte[] header;
    /** {@code name,}: how this file's rows in truth/records.csv start. */
    private final byte[] recordPrefix;

    OutputFile(String fileName, String header) {
        this.fileName = fileName;
        this.header = header.getBytes(StandardCharsets.UTF_8);
        this.recordPrefix = (fileName + ",").getBytes(StandardCharsets.UTF_8);
    }

    String fileName() {
        return fileName;
    }

    /** The header line (UTF-8, with the BOM for the POS export), empty for NDJSON. */
    byte[] header() {
        return header.clone();
    }

    byte[] recordPrefix() {
        return recordPrefix;
    }
}
