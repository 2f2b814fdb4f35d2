package io.tekil.server.config;

import static java.util.Objects.requireNonNull;

import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * One declared configuration key.
 *
 * @param name the key as written in the properties file, such as {@code server.port}
 * @param defaultValue the value when nothing sets it; empty means unset
 * @param doc one sentence for the reference documentation
 * @param parser turns the text into the value, throwing {@link IllegalArgumentException} with a reason
 */
public record ConfigKey<T>(String name, String defaultValue, String doc, Function<String, T> parser) {
    public ConfigKey {
        requireNonNull(name, "name is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(doc, "doc is null");
        requireNonNull(parser, "parser is null");
    }

    /** The environment variable that overrides this key: {@code server.port} becomes {@code TEKIL_SERVER_PORT}. */
    public String environmentVariable() {
        return "TEKIL_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Function<String, Integer> integer(int min, int max) {
        return text -> {
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a whole number");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(String.format("%d must be between %d and %d", value, min, max));
            }
            return value;
        };
    }

    /** A probability strictly between 0 and 1. */
    static Function<String, Double> probability() {
        return text -> {
            double value;
            try {
                value = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a number");
            }
            if (!(value > 0 && value < 1)) {
                throw new IllegalArgumentException(String.format("%s must be between 0 and 1 (exclusive)", text.trim()));
            }
            return value;
        };
    }

    /** Empty when blank (something else decides), else a {@link #probability()}. */
    static Function<String, OptionalDouble> optionalProbability() {
        Function<String, Double> probability = probability();
        return text -> text.isBlank() ? OptionalDouble.empty() : OptionalDouble.of(probability.apply(text));
    }

    static Function<String, Boolean> bool() {
        return text -> switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
        };
    }

    static Function<String, String> text() {
        return String::trim;
    }
}
