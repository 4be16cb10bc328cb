package io.redkeep.defaults.problem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 connection over a plain socket, so a test controls exactly which bytes go
 * out on which connection and when (no client pool can hide a stalled connection by
 * opening another one). Blocking on purpose: it runs on the test thread only.
 */
final class RawHttpConnection implements AutoCloseable {

    private final Socket socket;

    private final InputStream in;

    private final OutputStream out;

    RawHttpConnection(int port, Duration readTimeout) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout((int) readTimeout.toMillis());
        this.socket.setTcpNoDelay(true);
        this.in = this.socket.getInputStream();
        this.out = this.socket.getOutputStream();
    }

    /** Sends raw request bytes (one or several pipelined requests). */
    void send(String requests) throws IOException {
        send(requests.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] requests) throws IOException {
        this.out.write(requests);
        this.out.flush();
    }

    /**
     * Reads one complete response (Content-Length or chunked body).
     * @param what names the request in the failure message
     * @return the response
     * @throws IOException if the connection fails
     * @throws AssertionError if no complete response arrives within the read timeout
     */
    Response read(String what) throws IOException {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new AssertionError("connection closed by the server before the response to " + what);
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header = line(); header != null && !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunkedBody();
            }
            else {
                body = this.in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }
        catch (SocketTimeoutException ex) {
            throw new AssertionError("no response to " + what + " on the kept-alive connection within "
                    + this.socket.getSoTimeout() + " ms (the connection stalled)", ex);
        }
    }

    /** Whether the server closed its side (a read sees end of stream). */
    boolean closedByServer() throws IOException {
        try {
            return this.in.read() == -1;
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                return body.toByteArray();
            }
            body.write(this.in.readNBytes(length));
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        int previous = -1;
        while (true) {
            int next = this.in.read();
            if (next == -1) {
                return line.isEmpty() ? null : line.toString();
            }
            if (previous == '\r' && next == '\n') {
                line.setLength(line.length() - 1);
                return line.toString();
            }
            line.append((char) next);
            previous = next;
        }
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }

    record Response(int status, Map<String, String> headers, String body) {

        boolean closesConnection() {
            return "close".equalsIgnoreCase(this.headers.get("connection"));
        }

    }

}
