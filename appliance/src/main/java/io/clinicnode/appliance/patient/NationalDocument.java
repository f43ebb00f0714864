package io.clinicnode.appliance.patient;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Validates and normalizes a patient's national document number by the clinic's country. Brazil's CPF has
 * two check digits and is validated with them; other countries' numbers are checked for a sane shape only.
 */
public final class NationalDocument {
    private static final Pattern CPF_SHAPE = Pattern.compile("\\d{3}\\.?\\d{3}\\.?\\d{3}-?\\d{2}");

    private NationalDocument() {
    }

    /**
     * What is wrong with a document number: a stable code ({@code cpf.format}, {@code cpf.check-digit},
     * {@code document.format}) and an English sentence.
     */
    public record Problem(String code, String message) {
    }

    /**
     * The problem with {@code document} for {@code country}, if any.
     */
    public static Optional<Problem> problem(String country, String document) {
        if ("BR".equals(country)) {
            if (!CPF_SHAPE.matcher(document).matches()) {
                return Optional.of(new Problem("cpf.format",
                        "is not a CPF: it has 11 digits, written as 123.456.789-09 or 12345678909"));
            }
            return isValidCpf(document) ? Optional.empty()
                    : Optional.of(new Problem("cpf.check-digit",
                            "is not a valid CPF: its check digits do not match (e.g. 123.456.789-09)"));
        }
        String key = key(country, document);
        return key.length() >= 3 && key.length() <= 30 ? Optional.empty()
                : Optional.of(new Problem("document.format", "must have 3 to 30 letters or digits"));
    }

    /** The form stored and compared for uniqueness: CPF digits only; elsewhere letters and digits, upper case. */
    public static String key(String country, String document) {
        if ("BR".equals(country)) {
            return SearchText.digits(document);
        }
        return document.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
    }

    /**
     * The document as search results show it: enough to tell two patients apart, too little to use it. A CPF keeps its
     * middle six digits ({@code ***.456.789-**}); any other number its last three letters or digits.
     */
    public static String masked(String document) {
        String key = document.replaceAll("[^A-Za-z0-9]", "").toUpperCase(Locale.ROOT);
        if (key.matches("\\d{11}")) {
            return "***." + key.substring(3, 6) + "." + key.substring(6, 9) + "-**";
        }
        int shown = Math.min(3, key.length() / 2);
        return "*".repeat(key.length() - shown) + key.substring(key.length() - shown);
    }

    static boolean isValidCpf(String document) {
        if (!CPF_SHAPE.matcher(document).matches()) {
            return false;
        }
        String digits = SearchText.digits(document);
        if (digits.chars().distinct().count() == 1) {
            return false;
        }
        return checkDigit(digits, 9) == digits.charAt(9) - '0' && checkDigit(digits, 10) == digits.charAt(10) - '0';
    }

    /**
     * The CPF with these nine base digits and its two check digits, formatted {@code 000.000.000-00} (synthetic data and
     * tests make valid numbers with it; the check is the one {@link #problem} applies).
     */
    public static String cpfWithCheckDigits(String nineDigits) {
        if (!nineDigits.matches("\\d{9}")) {
            throw new IllegalArgumentException("A CPF base is nine digits, was '" + nineDigits + "'");
        }
        int first = checkDigit(nineDigits, 9);
        String ten = nineDigits + first;
        int second = checkDigit(ten, 10);
        return nineDigits.substring(0, 3) + "." + nineDigits.substring(3, 6) + "." + nineDigits.substring(6, 9) + "-" + first + second;
    }

    private static int checkDigit(String digits, int length) {
        int sum = 0;
        for (int i = 0; i < length; i++) {
            sum += (digits.charAt(i) - '0') * (length + 1 - i);
        }
        int rest = (sum * 10) % 11;
        return rest == 10 ? 0 : rest;
    }
}
