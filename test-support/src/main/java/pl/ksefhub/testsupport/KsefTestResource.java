package pl.ksefhub.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * {@code @QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database",
 * value = "ksef_invoice"))}: a real broker and a real database for a service under test, the JWKS of
 * {@link TestTokens}, and a shared keys folder.
 */
public class KsefTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "ksef_test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        String jdbcUrl = TestInfrastructure.database(database);
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", TestInfrastructure.kafkaBootstrapServers());
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()));
        config.put("quarkus.datasource.username", TestInfrastructure.pgUser());
        config.put("quarkus.datasource.password", TestInfrastructure.pgPassword());
        config.put("ksef.auth.jwks-url", TestTokens.jwksUrl());
        config.put("ksef.keys.dir", TestInfrastructure.workDir().resolve("keys").toString());
        return config;
    }

    @Override
    public void stop() {
        // The broker and the database live as long as the test JVM: every test class shares them.
    }
}
