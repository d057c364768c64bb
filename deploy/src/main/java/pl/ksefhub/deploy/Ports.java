package pl.ksefhub.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Port checks on the local machine. */
public final class Ports {

    private Ports() {
    }

    /** A port that is free right now on 127.0.0.1 (chosen by the operating system). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("Could not find a free port: " + e.getMessage(), e);
        }
    }

    /**
     * Whether a server holds {@code host:port}. A port that cannot be bound but where nobody listens counts as
     * free: it is held only by connections in TIME_WAIT (e.g. right after a restart), which do not stop servers
     * that bind with SO_REUSEADDR, as PostgreSQL, Kafka and Vert.x do.
     */
    public static boolean isTaken(String host, int port) {
        if (canBind(host, port)) {
            return false;
        }
        String probe = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return isListening(probe, port);
    }

    private static boolean canBind(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a server accepts connections on {@code host:port}. */
    public static boolean isListening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
