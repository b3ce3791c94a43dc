package io.sgregistry.sgr.csv;

import io.sgregistry.sgr.SgrException;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The first records of a CSV file as PostgreSQL's COPY (FORMAT csv) splits them: fields separated by
 * one character, a quoted field may hold the separator, doubled quotes and line breaks. For type
 * inference only: the rows themselves are loaded by COPY.
 */
final class CsvSample {
    /** As Splitgraph's: the first 100 lines, the header included. */
    static final int RECORDS = 100;

    private CsvSample() {
    }

    static List<List<String>> read(Path file, char separator, Charset charset, int records) {
        List<List<String>> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, charset)) {
            List<String> row = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean first = true;
            boolean any = false;
            int ch;
            while (out.size() < records && (ch = in.read()) != -1) {
                char c = (char) ch;
                if (first) {
                    first = false;
                    if (c == '\uFEFF') {
                        continue;
                    }
                }
                any = true;
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        int next = in.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (next != -1) {
                                in.reset();
                            }
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == separator) {
                    row.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r') {
                        in.mark(1);
                        if (in.read() != '\n') {
                            in.reset();
                        }
                    }
                    row.add(field.toString());
                    field.setLength(0);
                    out.add(row);
                    row = new ArrayList<>();
                    any = false;
                } else {
                    field.append(c);
                }
            }
            if (any && out.size() < records) {
                row.add(field.toString());
                out.add(row);
            }
            return out;
        } catch (IOException e) {
            throw new SgrException("cannot read " + file + ": " + e.getMessage(), "check the file and --encoding", e);
        }
    }
}
