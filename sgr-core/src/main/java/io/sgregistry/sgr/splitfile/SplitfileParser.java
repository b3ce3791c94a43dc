package io.sgregistry.sgr.splitfile;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.Repository;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splitgraph's Splitfile language:
 * <pre>
 * # comment
 * FROM EMPTY [AS repo]
 * FROM repo[:tag_or_hash] [AS repo]
 * FROM repo[:tag_or_hash] IMPORT table [AS alias], {SELECT ...} AS alias, ...   (or IMPORT ALL)
 * FROM MOUNT handler [user:password@host:port] '{"json": "options"}' IMPORT ...
 * SQL statement            SQL {statements over several lines}            SQL FILE path
 * </pre>
 * Before parsing, {@code ${NAME}} is replaced by the parameter's value (every parameter named must
 * be given), {@code \$} stays a literal {@code $}, and a backslash before a newline joins the lines.
 * Inside {@code {...}}, {@code \}} is a literal brace; inside the options, {@code \'} is a quote.
 */
public final class SplitfileParser {
    private static final Pattern PARAMETER = Pattern.compile("(?<!\\\\)\\$\\{([^}\\s]*)}");
    private static final Pattern REPOSITORY = Pattern.compile("[_a-zA-Z0-9/-]+");
    private static final Pattern IDENTIFIER = Pattern.compile("[_a-zA-Z0-9-]+");
    private static final Pattern CONNECTION = Pattern.compile("\\S+:\\S+@.+:\\d+");

    private final String text;
    private int pos;

    private SplitfileParser(String text) {
        this.text = text;
    }

    /** Substitutes parameters and parses. */
    public static List<SplitfileCommand> parse(String splitfile, Map<String, String> params) {
        return new SplitfileParser(preprocess(splitfile, params)).commands();
    }

    public static String preprocess(String splitfile, Map<String, String> params) {
        String joined = splitfile.replace("\r\n", "\n").replace("\\\n", "");
        Matcher m = PARAMETER.matcher(joined);
        StringBuilder out = new StringBuilder();
        Set<String> missing = new LinkedHashSet<>();
        while (m.find()) {
            String value = params.get(m.group(1));
            if (value == null) {
                missing.add("${" + m.group(1) + "}");
                m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
            } else {
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new SgrException("no values for the Splitfile parameters " + String.join(", ", missing),
                    "give each with -a NAME VALUE");
        }
        return out.toString().replace("\\$", "$");
    }

    private List<SplitfileCommand> commands() {
        List<SplitfileCommand> out = new ArrayList<>();
        while (true) {
            skipSpace(true);
            if (pos >= text.length()) {
                return out;
            }
            int start = pos;
            if (peek('#')) {
                restOfLine();
                continue;
            }
            SplitfileCommand c;
            if (keyword("FROM")) {
                c = from(start);
            } else if (keyword("SQL")) {
                c = sql(start);
            } else {
                String word = word();
                throw error(start, "unknown command '" + word + "'",
                        "a Splitfile has FROM, FROM ... IMPORT and SQL commands (custom commands are not supported)");
            }
            out.add(c);
            skipSpace(false);
            if (pos < text.length() && text.charAt(pos) != '\n') {
                throw error(pos, "unexpected text after the command: '" + preview(pos) + "'", "put one command per line");
            }
        }
    }

    private SplitfileCommand from(int start) {
        requireSpace();
        if (keyword("EMPTY")) {
            Optional<Repository> as = as();
            return new SplitfileCommand.From(Optional.empty(), as, text.substring(start, pos).strip());
        }
        if (keyword("MOUNT")) {
            requireSpace();
            String handler = match(IDENTIFIER, "a mount handler name (e.g. postgres_fdw)");
            skipSpace(true);
            Optional<String> conn = Optional.empty();
            if (!peek('\'')) {
                int at = pos;
                String token = token();
                if (!CONNECTION.matcher(token).matches()) {
                    throw error(at, "expected a connection string user:password@host:port or the options in '...'", "write "
                            + "FROM MOUNT handler user:password@host:port '{...}' IMPORT ...");
                }
                conn = Optional.of(token);
                skipSpace(true);
            }
            String options = quotedOptions();
            requireImport();
            List<SplitfileCommand.Table> tables = tables();
            return new SplitfileCommand.Import(new SplitfileCommand.MountSource(handler, conn, options), tables,
                    text.substring(start, pos).strip());
        }
        SplitfileCommand.ImageRef image = imageRef();
        int save = pos;
        skipSpace(true);
        if (keyword("IMPORT")) {
            pos = save;
            requireImport();
            List<SplitfileCommand.Table> tables = tables();
            return new SplitfileCommand.Import(new SplitfileCommand.RepositorySource(image), tables, text.substring(start, pos).strip());
        }
        pos = save;
        Optional<Repository> as = as();
        return new SplitfileCommand.From(Optional.of(image), as, text.substring(start, pos).strip());
    }

    private void requireImport() {
        skipSpace(true);
        if (!keyword("IMPORT")) {
            throw error(pos, "expected IMPORT, found '" + preview(pos) + "'", "write FROM source IMPORT table, ...");
        }
    }

    private Optional<Repository> as() {
        int save = pos;
        skipSpace(false);
        if (keyword("AS")) {
            requireSpace();
            return Optional.of(repository(match(REPOSITORY, "a repository name after AS")));
        }
        pos = save;
        return Optional.empty();
    }

    private SplitfileCommand.ImageRef imageRef() {
        int at = pos;
        Repository r = repository(match(REPOSITORY, "a repository (namespace/repository[:tag]) or EMPTY or MOUNT"));
        String ref = "latest";
        if (peek(':')) {
            pos++;
            int s = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos == s) {
                throw error(at, "a tag or hash is missing after ':'", "write repository:tag, or the repository alone for latest");
            }
            ref = text.substring(s, pos);
        }
        return new SplitfileCommand.ImageRef(r, ref);
    }

    private List<SplitfileCommand.Table> tables() {
        requireSpace();
        if (keyword("ALL")) {
            return List.of();
        }
        List<SplitfileCommand.Table> out = new ArrayList<>();
        while (true) {
            skipSpace(true);
            int at = pos;
            boolean query = peek('{');
            String nameOrQuery = query ? braced() : match(IDENTIFIER, "a table name or a {query}");
            String alias = nameOrQuery;
            int save = pos;
            skipSpace(true);
            if (keyword("AS")) {
                requireSpace();
                alias = match(IDENTIFIER, "a table name after AS");
            } else {
                pos = save;
                if (query) {
                    throw error(at, "a query import needs a table name: {...} AS table", "add AS table_name after the query");
                }
            }
            out.add(new SplitfileCommand.Table(nameOrQuery, alias, query));
            save = pos;
            skipSpace(true);
            if (peek(',')) {
                pos++;
                continue;
            }
            pos = save;
            return out;
        }
    }

    private SplitfileCommand sql(int start) {
        requireSpace();
        if (keyword("FILE")) {
            requireSpace();
            String path = restOfLine().strip();
            if (path.isEmpty()) {
                throw error(start, "SQL FILE needs a file name", "write SQL FILE path/to/file.sql");
            }
            return new SplitfileCommand.Sql(null, Optional.of(path), text.substring(start, pos).strip());
        }
        String sql;
        if (peek('{')) {
            sql = braced();
        } else {
            sql = restOfLine();
        }
        if (sql.isBlank()) {
            throw error(start, "SQL without a statement", "write SQL statement, or SQL { statements }");
        }
        return new SplitfileCommand.Sql(sql.strip(), Optional.empty(), text.substring(start, pos).strip());
    }

    /** {@code {...}} up to the first unescaped closing brace; {@code \}} is a brace, {@code \{} too. */
    private String braced() {
        int start = pos;
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == '\\' && pos + 1 < text.length() && (text.charAt(pos + 1) == '}' || text.charAt(pos + 1) == '{')) {
                out.append(text.charAt(pos + 1));
                pos += 2;
            } else if (ch == '}') {
                pos++;
                return out.toString();
            } else {
                out.append(ch);
                pos++;
            }
        }
        throw error(start, "'{' is never closed", "end the block with '}' (write \\} for a brace inside it)");
    }

    /** {@code '...'} with {@code \'} for a quote. */
    private String quotedOptions() {
        int start = pos;
        if (!peek('\'')) {
            throw error(pos, "expected the mount options in single quotes", "write '{}' for no options");
        }
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
                out.append('\'');
                pos += 2;
            } else if (ch == '\'') {
                pos++;
                return out.toString();
            } else {
                out.append(ch);
                pos++;
            }
        }
        throw error(start, "the mount options' quote is never closed", "end them with ' (write \\' for a quote inside)");
    }

    private Repository repository(String text) {
        return Repository.parse(text);
    }

    private boolean keyword(String k) {
        if (text.startsWith(k, pos) && (pos + k.length() == text.length() || !isWordChar(text.charAt(pos + k.length())))) {
            pos += k.length();
            return true;
        }
        return false;
    }

    private static boolean isWordChar(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '-' || ch == '/' || ch == ':';
    }

    private String match(Pattern p, String what) {
        Matcher m = p.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            throw error(pos, "expected " + what + ", found '" + preview(pos) + "'", "see docs/splitfiles.md for the syntax");
        }
        pos = m.end();
        return m.group();
    }

    private String token() {
        int s = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return text.substring(s, pos);
    }

    private String word() {
        int s = pos;
        while (pos < text.length() && isWordChar(text.charAt(pos))) {
            pos++;
        }
        return pos == s ? preview(s) : text.substring(s, pos);
    }

    private String restOfLine() {
        int s = pos;
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
        return text.substring(s, pos);
    }

    private boolean peek(char ch) {
        return pos < text.length() && text.charAt(pos) == ch;
    }

    private void requireSpace() {
        int s = pos;
        skipSpace(true);
        if (pos == s && pos < text.length()) {
            throw error(pos, "expected a space, found '" + preview(pos) + "'", "separate the words of a command with spaces");
        }
    }

    private void skipSpace(boolean newlines) {
        while (pos < text.length()) {
            char ch = text.charAt(pos);
            if (ch == ' ' || ch == '\t' || ch == '\r' || (newlines && ch == '\n')) {
                pos++;
            } else {
                break;
            }
        }
    }

    private String preview(int at) {
        if (at >= text.length()) {
            return "end of file";
        }
        String rest = text.substring(at).lines().findFirst().orElse("");
        return rest.length() > 40 ? rest.substring(0, 40) + "..." : rest;
    }

    private SgrException error(int at, String what, String hint) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new SgrException("Splitfile line " + line + ", column " + col + ": " + what, hint);
    }
}
