package io.sgregistry.rest.plan;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The closest entry as PostgREST's hints choose it (its fuzzy set: n-gram cosine, then Levenshtein). */
class FuzzySetTest {
    @Test
    void aNameOneLetterShortFindsItsFunction() {
        assertThat(FuzzySet.of(List.of("sayhello", "add_them", "getitemrange")).closest("sayhell")).isEqualTo("sayhello");
    }

    @Test
    void anEntryEqualButForCaseWins() {
        assertThat(FuzzySet.of(List.of("Projects", "projects_view")).closest("PROJECTS")).isEqualTo("Projects");
    }

    @Test
    void theClosestByEditsAmongThoseSharingGrams() {
        FuzzySet names = FuzzySet.of(List.of("unnamed_json_param", "unnamed_text_param", "unnamed_xml_param", "unnamed_bytea_param"));
        assertThat(names.closest("unnamed_int_param")).isEqualTo("unnamed_text_param");
    }

    @Test
    void parameterListsWithoutACommonTrigramAreComparedByBigrams() {
        assertThat(FuzzySet.of(List.of("()", "(x, y)")).closest("(a, b)")).isEqualTo("(x, y)");
        assertThat(FuzzySet.of(List.of("(name)")).closest("(nam)")).isEqualTo("(name)");
    }

    @Test
    void nothingCloseIsNull() {
        assertThat(FuzzySet.of(List.of("sayhello")).closest("zzzzqqq")).isNull();
        assertThat(FuzzySet.of(List.of()).closest("anything")).isNull();
    }

    @Test
    void gramsAreOfLettersDigitsBlanksAndCommasBetweenHyphens() {
        assertThat(FuzzySet.grams("xxxx", 2)).containsEntry("-x", 1).containsEntry("xx", 3).containsEntry("x-", 1).hasSize(3);
        assertThat(FuzzySet.grams("(A, b)", 3)).containsOnlyKeys("-a,", "a, ", ", b", " b-");
        assertThat(FuzzySet.levenshteinSimilarity("", "")).isEqualTo(1.0);
        assertThat(FuzzySet.levenshteinSimilarity("(a, b)", "(x, y)")).isEqualTo(1 - 2.0 / 6);
    }
}
