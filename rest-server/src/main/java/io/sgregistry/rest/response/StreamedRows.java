package io.sgregistry.rest.response;

import io.sgregistry.rest.query.QueryResult;
import io.sgregistry.rest.query.QueryRunner;
import io.sgregistry.rest.request.MediaType;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed read's body, byte for byte what the database builds for a read answered in one value:
 * a JSON array as {@code json_agg} writes it ({@code ", \n "} between objects; {@code ","} once
 * {@code json_strip_nulls} has rewritten it), or CSV (the header line, then a line per row).
 */
public final class StreamedRows implements QueryRunner.Rows {
    /** Sends the status and headers of the head's answer; the stream of the body. */
    @FunctionalInterface
    public interface Start {
        OutputStream start(QueryResult head) throws IOException;
    }

    private static final byte[] JSON_SEPARATOR = ", \n ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STRIPPED_SEPARATOR = {','};

    private final MediaType media;
    private final Start start;
    private OutputStream out;
    private boolean rows;

    public StreamedRows(MediaType media, Start start) {
        this.media = media;
        this.start = start;
    }

    /** Whether the response has started (an error can no longer change its status). */
    public boolean started() {
        return out != null;
    }

    @Override
    public void head(QueryResult head) throws IOException {
        out = start.start(head);
        if (media == MediaType.CSV) {
            out.write(head.body());
        } else {
            out.write('[');
        }
    }

    @Override
    public void row(byte[] line) throws IOException {
        if (media == MediaType.CSV) {
            out.write('\n');
        } else if (rows) {
            out.write(media == MediaType.ARRAY_STRIPPED ? STRIPPED_SEPARATOR : JSON_SEPARATOR);
        }
        out.write(line);
        rows = true;
    }

    @Override
    public void end() throws IOException {
        if (media == MediaType.CSV) {
            if (!rows) {
                out.write('\n');
            }
        } else {
            out.write(']');
        }
        out.close();
    }
}
