package io.sgregistry.restgateway;

import io.sgregistry.fixtures.HttpsClients;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over TLS with the request target sent byte for byte. HTTP client libraries normalise
 * paths ('%2e%2e' becomes '..' and is resolved, a stray '%' is re-encoded), which would keep hostile
 * paths from ever reaching the gateway; this sends them as an attacker would. Trusts only the stack's CA.
 */
record RawHttps(URI base, Path caPem) {
    private static final int TIMEOUT_MS = 15_000;
    private static final int MAX_RESPONSE = 1 << 20;

    /** A response: status, headers with lower-case names (last value wins), and the raw body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    Response get(String rawTarget, Map<String, String> extraHeaders) throws IOException {
        return request("GET", rawTarget, extraHeaders);
    }

    Response request(String method, String rawTarget, Map<String, String> extraHeaders) throws IOException {
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{HttpsClients.trustManager(caPem)}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with " + caPem, e);
        }
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setApplicationProtocols(new String[]{"http/1.1"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            StringBuilder req = new StringBuilder(method).append(' ').append(rawTarget).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                    .append("Connection: close\r\n");
            extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(readAll(socket.getInputStream()));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            buf.write(chunk, 0, n);
            if (buf.size() > MAX_RESPONSE) {
                throw new IOException("response longer than " + MAX_RESPONSE + " bytes");
            }
        }
        return buf.toByteArray();
    }

    private static Response parse(byte[] raw) throws IOException {
        int end = indexOf(raw, 0, "\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP response head in: " + new String(raw, StandardCharsets.UTF_8));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(Integer.parseInt(statusLine[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] data, int from, String ascii) {
        byte[] needle = ascii.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Chunk sizes count bytes, so the body is decoded before it becomes text. */
    private static byte[] unchunk(byte[] chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = indexOf(chunked, pos, "\r\n");
            if (lineEnd < 0) {
                throw new IOException("truncated chunked body");
            }
            String sizeLine = new String(chunked, pos, lineEnd - pos, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(size, chunked.length - lineEnd - 2));
            pos = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
