package io.clinicnode.appliance.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The web app can say every error code the API documents, in each of its languages, without the server's English. */
class ErrorCodeTranslationsTest {
    private static final Pattern CODE = Pattern.compile("`([a-z][a-z.-]*)`");

    /** The codes in the first column of the README's code table (between "The codes:" and the note after it). */
    private static List<String> documentedCodes() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("The codes:"), readme.indexOf("New codes may come"));
        List<String> codes = new ArrayList<>();
        for (String row : table.split("\n")) {
            String[] cells = row.split("\\|");
            if (cells.length > 2 && !cells[1].isBlank() && !cells[1].contains("---")) {
                Matcher code = CODE.matcher(cells[1]);
                while (code.find()) {
                    codes.add(code.group(1));
                }
            }
        }
        return codes;
    }

    private static String catalog() throws IOException {
        try (InputStream in = ErrorCodeTranslationsTest.class.getResourceAsStream("/web/app/i18n.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyDocumentedCodeHasAPortugueseAndAnEnglishSentence() throws IOException {
        List<String> codes = documentedCodes();
        String catalog = catalog();

        assertThat(codes).contains("required", "cpf.check-digit", "slot.taken", "last-admin").hasSizeGreaterThan(40);
        for (String code : codes) {
            String key = "'code." + code + "':";
            assertThat(languagesOf(catalog, key)).as("sentences for " + code).contains("pt-BR", "en");
        }
    }

    /**
     * The languages a key has a sentence in: each occurrence belongs to the catalog opened last before it
     * ({@code 'pt-BR': {} or {@code en: {}), as i18n.js may hold more than one pair of catalogs (one block per feature).
     */
    private static List<String> languagesOf(String catalog, String key) {
        List<String> languages = new ArrayList<>();
        for (int at = catalog.indexOf(key); at >= 0; at = catalog.indexOf(key, at + 1)) {
            int portuguese = catalog.lastIndexOf("\n    'pt-BR': {", at);
            int english = catalog.lastIndexOf("\n    en: {", at);
            if (portuguese >= 0 || english >= 0) {
                languages.add(portuguese > english ? "pt-BR" : "en");
            }
        }
        return languages;
    }
}
