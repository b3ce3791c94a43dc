package io.sgregistry.rest.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** data-api's answers never name an internal mount schema. */
class HidingTest {
    @Test
    void qualifiedAndBareNamesAreTakenOut() {
        String schema = "img_0123abcd_repo";
        ApiError e = ErrorCode.TABLE.withMessage("Could not find the table '" + schema + ".nope' in the schema cache",
                "searched in \"" + schema + "\".\"nope\" and " + schema, "the schema " + schema + " has other tables");
        ApiError hidden = e.hiding(schema, "the dataset");
        assertThat(hidden.getMessage()).isEqualTo("Could not find the table 'nope' in the schema cache");
        assertThat(hidden.details()).isEqualTo("searched in \"nope\" and the dataset");
        assertThat(hidden.hint()).isEqualTo("the schema the dataset has other tables");
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.code()).isEqualTo("PGRST205");
        assertThat(SqlErrors.toApiError(new java.sql.SQLException("permission denied for schema " + schema, "42501"), true)
                .hiding(schema, "the dataset").getMessage()).isEqualTo("permission denied for schema the dataset");
    }
}
