package pl.ksefhub.deploy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.net.SocketAddress;
import pl.ksefhub.deploy.services.Service;

/** The edge's upstreams in a cluster: each service's Kubernetes Service unless the environment says otherwise. */
class EdgeMainTest {

    @Test
    void eachServiceDefaultsToItsKubernetesServiceOnPort80() {
        Map<Service, SocketAddress> upstreams = EdgeMain.upstreams(Map.of());
        assertEquals(Service.values().length, upstreams.size());
        assertEquals("session-service", upstreams.get(Service.SESSION).host());
        assertEquals(80, upstreams.get(Service.RECURRING).port());
    }

    @Test
    void anUpstreamIsSetPerServiceAsHostAndPort() {
        Map<Service, SocketAddress> upstreams = EdgeMain.upstreams(
                Map.of("KSEF_EDGE_UPO_SERVICE_UPSTREAM", "upo.ksef-hub.svc:8080"));
        assertEquals("upo.ksef-hub.svc", upstreams.get(Service.UPO).host());
        assertEquals(8080, upstreams.get(Service.UPO).port());
        assertEquals("invoice-service", upstreams.get(Service.INVOICE).host());
    }

    @Test
    void anUpstreamWithoutAPortIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EdgeMain.upstreams(Map.of("KSEF_EDGE_SESSION_SERVICE_UPSTREAM", "session-service")));
        assertEquals("KSEF_EDGE_SESSION_SERVICE_UPSTREAM must be host:port, not session-service", error.getMessage());
    }
}
