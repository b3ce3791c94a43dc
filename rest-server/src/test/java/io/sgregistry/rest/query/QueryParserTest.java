package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.query.Ast.Filter;
import io.sgregistry.rest.query.Ast.Logic;
import io.sgregistry.rest.query.Ast.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryParserTest {

    private static Ast.Query parse(String... kv) {
        List<Map.Entry<String, String>> params = new java.util.ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            params.add(Map.entry(kv[i], kv[i + 1]));
        }
        return QueryParser.parse(params);
    }

    @Test
    void selectWithAliasesAndCasts() {
        Ast.Query q = parse("select", "id,label:name,price::text,total:amount::numeric");
        assertThat(q.select()).containsExactly(
                new Ast.SelectItem("id", null, null),
                new Ast.SelectItem("name", "label", null),
                new Ast.SelectItem("price", null, "text"),
                new Ast.SelectItem("amount", "total", "numeric"));
    }

    @Test
    void starAndQuotedNames() {
        Ast.Query q = parse("select", "*,\"weird,name\"");
        assertThat(((Ast.SelectItem) q.select().get(0)).star()).isTrue();
        assertThat(((Ast.SelectItem) q.select().get(1)).column()).isEqualTo("weird,name");
    }

    @Test
    void everyOperator() {
        for (String op : List.of("eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match", "imatch")) {
            Filter f = (Filter) parse("col", op + ".x").where().get(0);
            assertThat(f.op().name().toLowerCase()).isEqualTo(op);
            assertThat(f.negated()).isFalse();
        }
    }

    @Test
    void likeStarsBecomePercent() {
        Filter f = (Filter) parse("name", "like.*ab*").where().get(0);
        assertThat(f.value()).isEqualTo("%ab%");
    }

    @Test
    void inListWithQuotedItems() {
        Filter f = (Filter) parse("id", "in.(1,2,\"a,b\",\"say \\\"hi\\\"\")").where().get(0);
        assertThat(f.op()).isEqualTo(Op.IN);
        assertThat(f.values()).containsExactly("1", "2", "a,b", "say \"hi\"");
    }

    @Test
    void isAndNot() {
        Filter f = (Filter) parse("deleted", "not.is.null").where().get(0);
        assertThat(f.negated()).isTrue();
        assertThat(f.op()).isEqualTo(Op.IS);
        assertThat(f.value()).isEqualTo("null");
    }

    @Test
    void nestedLogic() {
        Logic l = (Logic) parse("or", "(a.eq.1,not.and(b.gt.2,c.is.true))").where().get(0);
        assertThat(l.or()).isTrue();
        assertThat(l.children()).hasSize(2);
        Logic inner = (Logic) l.children().get(1);
        assertThat(inner.or()).isFalse();
        assertThat(inner.negated()).isTrue();
        assertThat(inner.children()).hasSize(2);
        Logic negated = (Logic) parse("not.or", "(a.eq.1,b.eq.2)").where().get(0);
        assertThat(negated.negated()).isTrue();
    }

    /** The REST sweep sent a tree 1 500 levels deep: the parser's stack overflowed (a 500 with Jetty's HTML page). */
    @Test
    void logicTreesNestedBeyondTheLimitAreA400NotAStackOverflow() {
        for (int depth : new int[]{QueryParser.MAX_LOGIC_DEPTH + 1, 1_500, 20_000}) {
            String tree = "(" + "and(".repeat(depth - 1) + "a.eq.1" + ")".repeat(depth - 1) + ")";
            assertThatThrownBy(() -> parse("or", tree)).as("depth " + depth).isInstanceOf(ApiError.class)
                    .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(400))
                    .hasMessageContaining("logic tree");
        }
        String atLimit = "(" + "or(".repeat(QueryParser.MAX_LOGIC_DEPTH - 1) + "a.eq.1" + ")".repeat(QueryParser.MAX_LOGIC_DEPTH - 1) + ")";
        Logic l = (Logic) parse("and", atLimit).where().get(0);
        for (int level = 1; level < QueryParser.MAX_LOGIC_DEPTH; level++) {
            l = (Logic) l.children().get(0);
        }
        assertThat(l.children().get(0)).isInstanceOf(Filter.class);
    }

    /** The sweep's "id%00=eq.1" filtered on id and "limit=1%00" was 1: trim() strips control characters, strip() only blanks. */
    @Test
    void controlCharactersAreNotBlanksInNamesOrNumbers() {
        assertThat(((Filter) parse("id\u0000", "eq.1").where().get(0)).column()).isEqualTo("id\u0000");
        assertThat(((Filter) parse(" id ", "eq.1").where().get(0)).column()).isEqualTo("id");
        assertThat(((Ast.SelectItem) parse("select", "id\u0001").select().get(0)).column()).isEqualTo("id\u0001");
        assertThat(parse("order", "id\u0000").order().get(0).column()).isEqualTo("id\u0000");
        for (String n : List.of("1\u0000", "\u00001", "1\u0007")) {
            assertThatThrownBy(() -> parse("limit", n)).isInstanceOf(ApiError.class);
            assertThatThrownBy(() -> parse("offset", n)).isInstanceOf(ApiError.class);
        }
        assertThat(parse("limit", " 5 ").limit()).isEqualTo(5);
    }

    @Test
    void orderKeys() {
        Ast.Query q = parse("order", "a.desc.nullslast,b,c.asc.nullsfirst");
        assertThat(q.order()).containsExactly(new Ast.Order("a", true, false), new Ast.Order("b", false, null),
                new Ast.Order("c", false, true));
    }

    @Test
    void limitOffsetOnConflictColumns() {
        Ast.Query q = parse("limit", "10", "offset", "5", "on_conflict", "a,b", "columns", "x,y");
        assertThat(q.limit()).isEqualTo(10);
        assertThat(q.offset()).isEqualTo(5);
        assertThat(q.onConflict()).containsExactly("a", "b");
        assertThat(q.columns()).containsExactly("x", "y");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eq", "nope.1", "in.1,2", "in.(1,2", "is.maybe", "or.(a)"})
    void malformedFiltersArePgrst100(String expr) {
        assertThatThrownBy(() -> parse("col", expr)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("PGRST100");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "1;DROP TABLE t", "99999999999999999999", "1.5"})
    void badLimits(String v) {
        assertThatThrownBy(() -> parse("limit", v)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("PGRST100"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.sideways", "a.asc.desc.up", ""})
    void badOrder(String v) {
        assertThatThrownBy(() -> parse("order", v)).isInstanceOf(ApiError.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"id::text;drop table x", "id::\"int\"", "id::int)--", "id::", "id::in t'"})
    void castsAreWordsOnly(String select) {
        assertThatThrownBy(() -> parse("select", select)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("PGRST100"));
    }

    @Test
    void negativeLimitsAndOffsetsParseAndAreJudgedByThePage() {
        assertThat(parse("limit", "-1").limit()).isEqualTo(-1);
        assertThat(parse("offset", "-4").offset()).isEqualTo(-4);
    }

    @Test
    void embeddingsWithAliasesHintsInnerAndNesting() {
        Ast.Query q = parse("select", "id,owner:clients!client_fk!inner(name,projects(*)),tasks()");
        assertThat(q.select()).hasSize(3);
        Ast.Embed e = (Ast.Embed) q.select().get(1);
        assertThat(e.relation()).isEqualTo("clients");
        assertThat(e.alias()).isEqualTo("owner");
        assertThat(e.hint()).isEqualTo("client_fk");
        assertThat(e.inner()).isTrue();
        assertThat(e.select().get(1)).isEqualTo(new Ast.Embed("projects", null, null, false,
                List.of(new Ast.SelectItem("*", null, null))));
        assertThat(((Ast.Embed) q.select().get(2)).select()).isEmpty();
    }

    @Test
    void aggregatesWithAliasesAndCastsBeforeAndAfter() {
        Ast.Query q = parse("select", "count(),cnt:count()::text,amount.sum(),t:amount.avg()::text,"
                + "s:data->>key::integer.max()::text,project_id,n.min(),n.count()");
        assertThat(q.select()).containsExactly(
                new Ast.SelectItem(Ast.Field.of("*"), null, null, Ast.Aggregate.COUNT, null),
                new Ast.SelectItem(Ast.Field.of("*"), "cnt", null, Ast.Aggregate.COUNT, "text"),
                new Ast.SelectItem(Ast.Field.of("amount"), null, null, Ast.Aggregate.SUM, null),
                new Ast.SelectItem(Ast.Field.of("amount"), "t", null, Ast.Aggregate.AVG, "text"),
                new Ast.SelectItem(new Ast.Field("data", List.of(new Ast.JsonStep("key", true))), "s", "integer",
                        Ast.Aggregate.MAX, "text"),
                new Ast.SelectItem("project_id", null, null),
                new Ast.SelectItem(Ast.Field.of("n"), null, null, Ast.Aggregate.MIN, null),
                new Ast.SelectItem(Ast.Field.of("n"), null, null, Ast.Aggregate.COUNT, null));
        assertThat(((Ast.SelectItem) q.select().get(0)).countRows()).isTrue();
        assertThat(Ast.aggregates(q.select())).isTrue();
    }

    @Test
    void countWithoutParenthesesIsAColumnAndAnEmbeddingsSelectIsNoAggregate() {
        Ast.Query q = parse("select", "count,projects(count),clients(),rel(a.sum())");
        assertThat(q.select().get(0)).isEqualTo(new Ast.SelectItem("count", null, null));
        assertThat(((Ast.Embed) q.select().get(1)).select()).containsExactly(new Ast.SelectItem("count", null, null));
        assertThat(((Ast.Embed) q.select().get(2)).select()).isEmpty();
        Ast.Embed rel = (Ast.Embed) q.select().get(3);
        assertThat(rel.select()).containsExactly(new Ast.SelectItem(Ast.Field.of("a"), null, null, Ast.Aggregate.SUM, null));
        assertThat(Ast.aggregates(q.select())).isTrue();
        assertThat(Ast.aggregates(parse("select", "a,b(c)").select())).isFalse();
    }

    @Test
    void spreadsWithHintsInnerNestingAndAggregates() {
        Ast.Query q = parse("select", "*,...clients!client!inner(client_name:name,...entities(n.sum()),projects(id))");
        Ast.Embed spread = (Ast.Embed) q.select().get(1);
        assertThat(spread.spread()).isTrue();
        assertThat(spread.relation()).isEqualTo("clients");
        assertThat(spread.alias()).isNull();
        assertThat(spread.hint()).isEqualTo("client");
        assertThat(spread.inner()).isTrue();
        assertThat(spread.select().get(0)).isEqualTo(new Ast.SelectItem("name", "client_name", null));
        assertThat(spread.select().get(1)).isEqualTo(new Ast.Embed("entities", null, null, false,
                List.of(new Ast.SelectItem(Ast.Field.of("n"), null, null, Ast.Aggregate.SUM, null)), true));
        assertThat(((Ast.Embed) spread.select().get(2)).spread()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"...clients", "...", "x:...clients(name)", "...c:clients(name)", "a.sum()::in t!", "count()::\"x\""})
    void badSpreadsAndAggregateCastsAreParseErrors(String select) {
        assertThatThrownBy(() -> parse("select", select)).isInstanceOfSatisfying(ApiError.class,
                e -> assertThat(e.code()).isEqualTo("PGRST100"));
    }

    @Test
    void embeddedScopes() {
        Ast.Query q = parse("select", "*,clients(*,projects(*))", "clients.name", "eq.x", "clients.projects.order",
                "id.desc", "clients.projects.limit", "2", "clients.or", "(id.eq.1,id.eq.2)", "id", "gt.0");
        assertThat(q.where()).hasSize(1);
        assertThat(q.scope("clients").where()).hasSize(2);
        assertThat(q.scope("clients.projects").order()).containsExactly(new Ast.Order("id", true, null));
        assertThat(q.scope("clients.projects").limit()).isEqualTo(2);
        assertThat(q.scope("nothing")).isEqualTo(Ast.Scope.NONE);
    }

    @Test
    void jsonPathsInSelectFilterAndOrder() {
        Ast.Query q = parse("select", "myBar:settings->foo->>bar,data->>0::int", "data->a->>b", "eq.1",
                "order", "data->>c.desc.nullslast");
        Ast.SelectItem first = (Ast.SelectItem) q.select().get(0);
        assertThat(first.alias()).isEqualTo("myBar");
        assertThat(first.field()).isEqualTo(new Ast.Field("settings",
                List.of(new Ast.JsonStep("foo", false), new Ast.JsonStep("bar", true))));
        Ast.SelectItem second = (Ast.SelectItem) q.select().get(1);
        assertThat(second.cast()).isEqualTo("int");
        assertThat(second.field().path().get(0).index()).isTrue();
        assertThat(((Filter) q.where().get(0)).field().column()).isEqualTo("data");
        assertThat(q.order().get(0).field().path()).containsExactly(new Ast.JsonStep("c", true));
        assertThat(q.order().get(0).descending()).isTrue();
        // A step after ->> is PostgreSQL's to judge (42883 on text -> int), as in PostgREST.
        assertThat(((Ast.SelectItem) parse("select", "data->>c->1").select().get(0)).field().path()).hasSize(2);
        assertThatThrownBy(() -> parse("select", "data->.c")).isInstanceOf(ApiError.class)
                .hasMessageContaining("column 7");
    }

    @Test
    void newOperatorsModifiersAndLanguages() {
        for (String op : List.of("cs", "cd", "ov", "sl", "sr", "nxl", "nxr", "adj", "isdistinct", "fts", "plfts",
                "phfts", "wfts")) {
            assertThat(((Filter) parse("col", op + ".x").where().get(0)).op().name().toLowerCase()).isEqualTo(op);
        }
        Filter any = (Filter) parse("col", "eq(any).{1,2,\"a,b\"}").where().get(0);
        assertThat(any.quantifier()).isEqualTo(Ast.Quantifier.ANY);
        assertThat(any.values()).containsExactly("1", "2", "a,b");
        Filter like = (Filter) parse("col", "not.like(all).{*a*,b*}").where().get(0);
        assertThat(like.quantifier()).isEqualTo(Ast.Quantifier.ALL);
        assertThat(like.negated()).isTrue();
        assertThat(like.values()).containsExactly("%a%", "b%");
        Filter fts = (Filter) parse("col", "not.wfts(french).amusant").where().get(0);
        assertThat(fts.language()).isEqualTo("french");
        assertThat(fts.value()).isEqualTo("amusant");
        assertThat(((Filter) parse("col", "is.not_null").where().get(0)).value()).isEqualTo("not_null");
        assertThatThrownBy(() -> parse("col", "cs(any).{1}")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> parse("col", "fts(eng lish).x")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> parse("col", "eq(any).1")).isInstanceOf(ApiError.class);
    }

    /** PostgREST's own examples of its logic-tree parser's errors (the operator and the value parsed as one text). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "or|()|4|unexpected \")\" expecting field name (* or [a..z0..9_$]), negation operator (not) or logic operator (and, or)",
        "or|(id.in.1,2,id.eq.3)|10|unexpected \"1\" expecting \"(\"",
        "or|)(|3|unexpected \")\" expecting \"(\"",
        "and|(ord(id.eq.1,id.eq.1),id.eq.2)|7|unexpected \"d\" expecting \"(\"",
        "or|(id.eq.1,not.xor(id.eq.2,id.eq.3))|16|unexpected \"x\" expecting logic operator (and, or)"})
    void logicTreeErrorsInPostgrestsWords(String op, String tree, int column, String details) {
        assertThatThrownBy(() -> parse(op, tree)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo("PGRST100");
            assertThat(e.getMessage()).isEqualTo("\"failed to parse logic tree (" + tree + ")\" (line 1, column " + column + ")");
            assertThat(e.details()).isEqualTo(details);
        });
    }

    @Test
    void logicValuesArraysQuotesBlanksAndTrailingText() {
        Logic l = (Logic) parse("and", "( and ( id.in.( 1,\"2,3\") , arr.cs.{1,2} ) , or ( name.eq.\"a)b\", id.eq.3 ) ))").where().get(0);
        Logic first = (Logic) l.children().get(0);
        assertThat(((Filter) first.children().get(0)).values()).containsExactly("1", "2,3");
        assertThat(((Filter) first.children().get(1)).value()).isEqualTo("{1,2}");
        Logic second = (Logic) l.children().get(1);
        assertThat(second.or()).isTrue();
        assertThat(((Filter) second.children().get(0)).value()).isEqualTo("a)b");
        // A value runs to the next , or ) (its trailing blanks are part of it), as PostgREST reads it.
        assertThat(((Filter) second.children().get(1)).value()).isEqualTo("3 ");
        Filter isdistinct = (Filter) ((Logic) parse("or", "(arr.not.isdistinct.{1,2,3},name.is.NULL)").where().get(0)).children().get(0);
        assertThat(isdistinct.op()).isEqualTo(Op.ISDISTINCT);
        assertThat(isdistinct.negated()).isTrue();
        assertThat(isdistinct.value()).isEqualTo("{1,2,3}");
        Filter json = (Filter) ((Logic) parse("or", "(data->a->>b.eq.x)").where().get(0)).children().get(0);
        assertThat(json.field().path()).containsExactly(new Ast.JsonStep("a", false), new Ast.JsonStep("b", true));
        Filter fts = (Filter) ((Logic) parse("or", "(tsv.not.plfts(german).Art Spass)").where().get(0)).children().get(0);
        assertThat(fts.language()).isEqualTo("german");
        assertThat(fts.value()).isEqualTo("Art Spass");
        assertThat(((Filter) ((Logic) parse("or", "(and_col.eq.1)").where().get(0)).children().get(0)).column()).isEqualTo("and_col");
    }

    @Test
    void unbalancedLogic() {
        assertThatThrownBy(() -> parse("and", "(a.eq.1,b.eq.2")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> parse("and", "a.eq.1)")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> parse("and", "()")).isInstanceOf(ApiError.class);
    }
}
