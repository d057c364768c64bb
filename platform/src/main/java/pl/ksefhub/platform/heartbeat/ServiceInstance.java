package pl.ksefhub.platform.heartbeat;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which service this is and which running instance of it: what its heartbeats are signed with. */
@ApplicationScoped
public class ServiceInstance {

    private final String service;
    private final String id;

    public ServiceInstance(@ConfigProperty(name = "quarkus.application.name") String service, HeartbeatConfig config) {
        this.service = service;
        this.id = config.instanceId().filter(id -> !id.isBlank()).orElseGet(ServiceInstance::hostAndPid);
    }

    public String service() {
        return service;
    }

    public String id() {
        return id;
    }

    private static String hostAndPid() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
