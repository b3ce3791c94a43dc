package io.sgregistry.sgr.meta;

import io.sgregistry.sgr.SgrException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepositoryTest {
    @Test
    void parsesNamespaceAndRepositoryOrARepositoryAlone() {
        assertThat(Repository.parse("ns/repo")).isEqualTo(new Repository("ns", "repo"));
        assertThat(Repository.parse("repo").schema()).isEqualTo("repo");
        assertThat(Repository.Ref.parse("ns/repo:v1", "HEAD").ref()).isEqualTo("v1");
    }

    @Test
    void refusesEmptyPartsAroundTheSlash() {
        // Found by the acceptance sweep: "/repo" created a repository "repo".
        for (String bad : new String[]{"/repo", "ns/", "/", "a/b/c", "ns//r"}) {
            assertThatThrownBy(() -> Repository.parse(bad)).as(bad).isInstanceOf(SgrException.class)
                    .hasMessageContaining("is not a valid repository name");
        }
    }

    @Test
    void refusesASchemaNameThatPostgresqlWouldCut() {
        // Found by the acceptance sweep: 40 + 1 + 40 characters became a 63-character schema.
        String ok = "n".repeat(31) + "/" + "r".repeat(31);
        assertThat(Repository.parse(ok).schema()).hasSize(63);
        assertThatThrownBy(() -> Repository.parse("n".repeat(40) + "/" + "r".repeat(40))).isInstanceOf(SgrException.class)
                .hasMessageContaining("longer than 63 characters");
    }
}
