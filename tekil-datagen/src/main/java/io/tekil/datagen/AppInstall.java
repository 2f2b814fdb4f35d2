package io.tekil.datagen;

/**
 * The shop's app on one device: the device id, the install's {@code anonymousId} and the whole
 * {@code context} object, prepared as JSON bytes. {@link #knowsUser} turns true after an {@code identify}.
 * A household tablet is one device used by two people: each has their own {@code AppInstall} of it (the app
 * makes a new anonymousId when one logs out and the other logs in), with the same device id.
 */
final class AppInstall {
    private static final String APP = "{\"app\":{\"name\":\"Kuzey Market\",\"version\":\"4.12.1\",\"build\":\"41201\","
            + "\"namespace\":\"tr.com.kuzeymarket\"},\"device\":{\"id\":";

    final String deviceId;
    final String anonymousId;
    final boolean ios;
    final boolean tablet;
    /** {@code "anonymousId":"…"} */
    final byte[] anonymousIdField;
    /** {@code ,"context":{…}}\n}: everything after the properties or traits. */
    final byte[] contextTail;
    boolean knowsUser;

    AppInstall(String deviceId, String anonymousId, String[] model, boolean tablet, String ip) {
        this.deviceId = deviceId;
        this.anonymousId = anonymousId;
        this.ios = model[2].equals("ios");
        this.tablet = tablet;
        Utf8Builder out = new Utf8Builder(512);
        out.append("\"anonymousId\":").appendJsonString(anonymousId);
        anonymousIdField = out.toBytes();
        out.clear();
        out.append(",\"context\":").append(APP).appendJsonString(deviceId)
                .append(",\"manufacturer\":").appendJsonString(model[0])
                .append(",\"model\":").appendJsonString(model[1])
                .append(",\"type\":").appendJsonString(model[2])
                .append("},\"library\":{\"name\":").append(ios ? "\"analytics-ios\",\"version\":\"4.1.8\"" : "\"analytics-android\",\"version\":\"4.11.3\"")
                .append("},\"os\":{\"name\":").append(ios ? (tablet ? "\"iPadOS\"" : "\"iOS\"") : "\"Android\"")
                .append(",\"version\":").appendJsonString(model[3])
                .append("},\"network\":{\"wifi\":").append(tablet ? "true" : "false")
                .append("},\"ip\":").appendJsonString(ip)
                .append(",\"locale\":\"tr-TR\",\"timezone\":\"Europe/Istanbul\"}}\n");
        contextTail = out.toBytes();
    }
}
