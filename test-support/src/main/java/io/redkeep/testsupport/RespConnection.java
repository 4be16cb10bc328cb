package io.redkeep.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal blocking RESP2 connection for the fixtures' own housekeeping (readiness
 * probes, {@code SENTINEL} queries, {@code FLUSHALL}). Deliberately independent of
 * Lettuce so that the fixtures never share state with the client under test.
 */
final class RespConnection implements Closeable {

    private final Socket socket;

    private final InputStream in;

    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and authenticates.
     * @param user ACL user name, or null for the default user
     * @param password password, or null for none
     */
    static RespConnection open(String host, int port, String user, String password, int timeoutMillis) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            RespConnection connection = new RespConnection(socket);
            if (password != null) {
                if (user != null) {
                    connection.command("AUTH", user, password);
                }
                else {
                    connection.command("AUTH", password);
                }
            }
            return connection;
        }
        catch (IOException ex) {
            closeQuietly(socket);
            throw new UncheckedIOException("Cannot reach " + host + ":" + port, ex);
        }
        catch (RuntimeException ex) {
            closeQuietly(socket);
            throw ex;
        }
    }

    /**
     * Sends a command and returns its reply: String, Long, List or null.
     * @throws RedisError when the server answers with an error
     */
    Object command(String... args) {
        try {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                request.writeBytes(bytes);
                request.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            this.out.write(request.toByteArray());
            this.out.flush();
            return read();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Redis at " + this.socket.getRemoteSocketAddress() + " did not answer", ex);
        }
    }

    private Object read() throws IOException {
        int type = this.in.read();
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = this.in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("Unexpected RESP type '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = this.in.read()) != '\r') {
            if (b == -1) {
                throw new IOException("Connection closed");
            }
            line.write(b);
        }
        this.in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closeQuietly(this.socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // nothing left to release
        }
    }

    /** An error reply from Redis, such as {@code NOAUTH} or {@code LOADING}. */
    static final class RedisError extends RuntimeException {

        RedisError(String message) {
            super(message);
        }

    }

}
