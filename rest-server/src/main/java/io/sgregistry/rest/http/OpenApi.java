package io.sgregistry.rest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Param;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;
import io.sgregistry.rest.schema.Visible;
import org.eclipse.jetty.server.Request;

import java.util.List;

/**
 * Swagger 2.0 description of one exposed schema, as PostgREST serves at {@code /}: only what the
 * caller's role may use (PostgREST's openapi-mode follow-privileges).
 */
final class OpenApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private OpenApi() {
    }

    static String document(Schema schema, Visible visible, Request request) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("swagger", "2.0");
        ObjectNode info = doc.putObject("info");
        // As PostgREST: a schema's comment gives the title (its first line) and the description (the rest).
        String comment = schema.comment();
        int nl = comment == null ? -1 : comment.indexOf('\n');
        info.put("title", comment == null ? "rest-server: schema " + schema.name() : nl < 0 ? comment : comment.substring(0, nl));
        info.put("version", "0.1.0");
        info.put("description", comment == null ? "PostgREST-compatible API of schema " + schema.name()
                : nl < 0 ? "" : comment.substring(nl).replaceFirst("^\n+", ""));
        doc.put("basePath", "/");
        doc.putArray("schemes").add("http").add("https");
        doc.putArray("consumes").add("application/json").add("application/vnd.pgrst.object+json").add("text/csv");
        doc.putArray("produces").add("application/json").add("application/vnd.pgrst.object+json").add("text/csv");
        ObjectNode paths = doc.putObject("paths");
        paths.putObject("/").putObject("get").put("summary", "OpenAPI description (this document)")
                .putObject("responses").putObject("200").put("description", "OK");
        ObjectNode definitions = doc.putObject("definitions");
        for (Relation r : schema.relations().values()) {
            if (!visible.relations().contains(r.name())) {
                continue;
            }
            ObjectNode def = definitions.putObject(r.name());
            def.put("type", "object");
            ArrayNode required = MAPPER.createArrayNode();
            ObjectNode props = def.putObject("properties");
            for (Column c : r.columns().values()) {
                if (!visible.column(r.name(), c.name())) {
                    continue;
                }
                ObjectNode p = props.putObject(c.name());
                p.put("format", format(c.type()));
                p.put("type", jsonType(c.type()));
                if (r.primaryKey().contains(c.name())) {
                    p.put("description", "Note:\nThis is a Primary Key.<pk/>");
                }
                if (!c.nullable() && !c.hasDefault()) {
                    required.add(c.name());
                }
            }
            if (!required.isEmpty()) {
                def.set("required", required);
            }
            ObjectNode path = paths.putObject("/" + r.name());
            for (String method : r.isView() ? List.of("get") : List.of("get", "post", "patch", "delete")) {
                ObjectNode op = path.putObject(method);
                op.putArray("tags").add(r.name());
                ObjectNode ok = op.putObject("responses");
                ok.putObject(method.equals("post") ? "201" : method.equals("get") ? "200" : "204")
                        .put("description", "OK");
                if (method.equals("get")) {
                    ok.with("200").putObject("schema").put("type", "array").putObject("items")
                            .put("$ref", "#/definitions/" + r.name());
                }
            }
        }
        for (List<Function> overloads : schema.functions().values()) {
            Function f = overloads.get(0);
            if (!visible.functions().contains(f.name())) {
                continue;
            }
            ObjectNode post = paths.putObject("/rpc/" + f.name()).putObject("post");
            post.putArray("tags").add("(rpc) " + f.name());
            ObjectNode body = post.putArray("parameters").addObject();
            body.put("in", "body");
            body.put("name", "args");
            body.put("required", true);
            ObjectNode s = body.putObject("schema");
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            ArrayNode required = MAPPER.createArrayNode();
            for (Param p : f.params()) {
                props.putObject(p.name()).put("format", format(p.type())).put("type", jsonType(p.type()));
                if (!p.hasDefault()) {
                    required.add(p.name());
                }
            }
            s.set("required", required);
            post.putObject("responses").putObject("200").put("description", "OK");
        }
        return doc.toString();
    }

    /** Swagger's formats for PostgreSQL's integers, as PostgREST writes them; any other type by its name. */
    private static String format(String pgType) {
        return switch (pgType) {
            case "smallint", "integer" -> "int32";
            case "bigint" -> "int64";
            default -> pgType;
        };
    }

    private static String jsonType(String formatted) {
        // format_type adds modifiers: numeric(10,2), character varying(40).
        String pgType = formatted.replaceAll("\\(.*\\)", "");
        if (pgType.endsWith("[]")) {
            return "array";
        }
        return switch (pgType) {
            case "integer", "bigint", "smallint" -> "integer";
            case "numeric", "real", "double precision" -> "number";
            case "boolean" -> "boolean";
            case "json", "jsonb" -> "object";
            default -> "string";
        };
    }
}
