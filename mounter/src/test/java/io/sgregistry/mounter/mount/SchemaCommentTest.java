package io.sgregistry.mounter.mount;

import io.sgregistry.sgr.meta.Repository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SchemaCommentTest {
    private static final Repository REPO = new Repository("alice", "weather");

    @Test
    void theTitleLineIsTheDescriptionElseTheNameAndTheReadmeAndMetadataFollow() {
        assertThat(SchemaComment.text(REPO, null, null, null)).isEmpty();
        assertThat(SchemaComment.text(REPO, " ", "", "{}")).isEmpty();
        assertThat(SchemaComment.text(REPO, "Daily readings", null, "{}")).contains("Daily readings");
        assertThat(SchemaComment.text(REPO, "Daily\r\n readings ", "# Weather\n\nFrom stations.\n", null))
                .contains("Daily readings\n\n# Weather\n\nFrom stations.");
        assertThat(SchemaComment.text(REPO, null, "# Weather", "{\"license\": \"CC-BY-4.0\"}"))
                .contains("alice/weather\n\n# Weather\n\n## Metadata\n\n```json\n{\n  \"license\" : \"CC-BY-4.0\"\n}\n```");
    }
}
