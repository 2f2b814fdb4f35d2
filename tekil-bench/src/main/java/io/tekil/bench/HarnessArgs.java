package io.tekil.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line of a harness other than the load harness ({@link HarnessOptions}): options {@code --name VALUE}
 * and switches {@code --name}. The harness asks for each by name with its default; {@link #done} then rejects
 * anything it did not ask for. A bad command line prints the harness's usage and exits with status 2.
 */
final class HarnessArgs {
    private final String usage;
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();
    private final Set<String> asked = new HashSet<>();

    private HarnessArgs(String usage) {
        this.usage = usage;
    }

    /**
     * @param usage printed when the command line is wrong, such as {@code usage: SegmentLiveHarness [--people N]}
     * @param switchNames the options that take no value
     */
    static HarnessArgs parse(String[] args, String usage, String... switchNames) {
        HarnessArgs parsed = new HarnessArgs(usage);
        List<String> switchList = List.of(switchNames);
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--")) {
                parsed.fail("'" + name + "' is not an option");
            } else if (switchList.contains(name)) {
                parsed.switches.add(name);
            } else if (i + 1 == args.length) {
                parsed.fail(name + " needs a value");
            } else {
                parsed.values.put(name, args[++i]);
            }
        }
        return parsed;
    }

    /** A whole number; underscores are allowed ({@code 1_000_000}). */
    int integer(String name, int defaultValue) {
        return (int) longInteger(name, defaultValue);
    }

    long longInteger(String name, long defaultValue) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            fail(name + " must be a whole number, not '" + value + "'");
            return defaultValue;
        }
    }

    double decimal(String name, double defaultValue) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            fail(name + " must be a number, not '" + value + "'");
            return defaultValue;
        }
    }

    String text(String name, String defaultValue) {
        asked.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    Path path(String name) {
        String value = text(name, null);
        return value == null ? null : Path.of(value);
    }

    boolean flag(String name) {
        asked.add(name);
        return switches.contains(name);
    }

    /** Rejects the options the harness did not ask for. */
    void done() {
        for (String name : values.keySet()) {
            if (!asked.contains(name)) {
                fail("unknown option " + name);
            }
        }
        for (String name : switches) {
            if (!asked.contains(name)) {
                fail("unknown option " + name);
            }
        }
    }

    private void fail(String problem) {
        System.err.println(problem);
        System.err.println(usage);
        System.exit(2);
    }
}
