package io.clinicnode.appliance.patient;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns names into the form search compares: lower case, accents removed, punctuation as spaces, so that
 * "José D'Ávila" and "jose davila" meet. Also keeps only the digits of documents and phones.
 */
public final class SearchText {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_ALNUM = Pattern.compile("[^a-z0-9]+");

    private SearchText() {
    }

    /** "  José  D'Ávila " → "jose d avila". */
    public static String normalize(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        String plain = MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
        return NOT_ALNUM.matcher(plain).replaceAll(" ").strip();
    }

    /** The distinct name parts of {@code text}, normalized. */
    public static List<String> tokens(String text) {
        String normalized = normalize(text);
        if (normalized.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(normalized.split(" ")).distinct().toList();
    }

    public static String digits(String text) {
        return text == null ? null : text.replaceAll("[^0-9]", "");
    }

    /** Digits reversed, so "ends with" becomes an index-friendly "starts with". */
    public static String reversedDigits(String text) {
        String digits = digits(text);
        return digits == null || digits.isEmpty() ? null : new StringBuilder(digits).reverse().toString();
    }
}
