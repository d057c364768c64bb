package pl.ksefhub.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port checks on the local machine. */
public final class Ports {

    private Ports() {
    }

    /** The ports {@link #free()} has handed out in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final int ATTEMPTS = 100;

    /**
     * A port that is free right now on 127.0.0.1 (chosen by the operating system) and that this JVM has not handed
     * out before. The socket is closed before the port is used, so the system may offer the same port to the next
     * call: a stack once got Kafka's port for recurring-service too, which then could not start.
     */
    public static int free() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new StackException("Could not find a free port: " + e.getMessage(), e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new StackException("Could not find a free port not handed out before in " + ATTEMPTS + " attempts");
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
