package io.tekil.datagen;

/**
 * One browser a person shops with: its analytics.js cookie ({@code anonymousId}) and the context fields that
 * stay the same across its visits, prepared as JSON bytes. {@link #knowsUser} turns true after an
 * {@code identify} on it, from when analytics.js sends the {@code userId} with every event.
 */
final class Browser {
    final String anonymousId;
    /** {@code "anonymousId":"…"} */
    final byte[] anonymousIdField;
    /** {@code },"userAgent":"…","ip":"…","locale":"tr-TR","timezone":"Europe/Istanbul"}}}: closes the page and the context. */
    final byte[] contextTail;
    boolean knowsUser;

    Browser(String anonymousId, String userAgent, String ip) {
        this.anonymousId = anonymousId;
        Utf8Builder out = new Utf8Builder(256);
        out.append("\"anonymousId\":").appendJsonString(anonymousId);
        anonymousIdField = out.toBytes();
        out.clear();
        out.append("},\"userAgent\":").appendJsonString(userAgent)
                .append(",\"ip\":").appendJsonString(ip)
                .append(",\"locale\":\"tr-TR\",\"timezone\":\"Europe/Istanbul\"}}\n");
        contextTail = out.toBytes();
    }
}
