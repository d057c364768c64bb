package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AuthOperationRepository implements PanacheRepositoryBase<AuthOperation, String> {
}
