package io.tekil.datagen;

import java.util.SplittableRandom;

/** Browsers and phones people use, as the strings Segment SDKs put in {@code context}. */
final class Devices {
    static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Linux; Android 13; 2201117TG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 SamsungBrowser/26.0"
    };
    private static final WeightedTable USER_AGENT_WEIGHTS = new WeightedTable(3, 2.5, 2.5, 1, 1, 0.6, 1.2, 1.5, 1);
    /** Manufacturer, model, platform, OS version: phones first, then the tablets households share. */
    private static final String[][] PHONES = {
        {"Apple", "iPhone14,5", "ios", "17.5.1"},
        {"Apple", "iPhone15,2", "ios", "18.1"},
        {"Apple", "iPhone16,1", "ios", "18.1.1"},
        {"samsung", "SM-A546E", "android", "14"},
        {"samsung", "SM-S911B", "android", "14"},
        {"samsung", "SM-A145F", "android", "13"},
        {"Xiaomi", "2201117TG", "android", "13"},
        {"Xiaomi", "23090RA98G", "android", "14"},
        {"OPPO", "CPH2387", "android", "13"},
        {"HUAWEI", "VOG-L29", "android", "10"}
    };
    private static final WeightedTable PHONE_WEIGHTS = new WeightedTable(2, 2, 1.5, 2, 1.2, 1.5, 1.5, 1, 0.6, 0.4);
    private static final String[][] TABLETS = {
        {"Apple", "iPad13,18", "ios", "17.6"},
        {"samsung", "SM-X200", "android", "14"}
    };
    /** First octets of Turkish ISPs' address blocks. */
    private static final int[] IP_PREFIXES = {78, 88, 85, 176, 212, 31, 46, 95, 94, 159};

    private Devices() {}

    static int sampleUserAgent(SplittableRandom random) {
        return USER_AGENT_WEIGHTS.sample(random);
    }

    static String[] samplePhone(SplittableRandom random) {
        return PHONES[PHONE_WEIGHTS.sample(random)];
    }

    static String[] sampleTablet(SplittableRandom random) {
        return TABLETS[random.nextInt(TABLETS.length)];
    }

    /** An IPv4 address in a Turkish ISP's block. */
    static String ip(SplittableRandom random) {
        return IP_PREFIXES[random.nextInt(IP_PREFIXES.length)] + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }
}
