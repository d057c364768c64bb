package pl.ksefhub.session.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.Jwks;
import pl.ksefhub.platform.auth.JwtCodec;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.session.auth.AccessTokenIssuer;
import pl.ksefhub.session.auth.AuthOperation;
import pl.ksefhub.testsupport.KsefTestResource;

import java.security.PublicKey;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class JwksIT {

    @Inject
    AccessTokenIssuer issuer;
    @Inject
    TokenSigningKey signingKey;

    @Test
    void otherServicesVerifyIssuedTokensWithThePublishedKeySet() {
        Map<String, Object> jwks = given().when().get("/v2/.well-known/jwks.json").then().statusCode(200)
                .extract().as(Map.class);
        Map<String, PublicKey> keys = Jwks.fromJson(jwks);
        assertEquals(List.of(signingKey.keyId()), List.copyOf(keys.keySet()));

        AuthOperation operation = new AuthOperation();
        operation.referenceNumber = "20261124-AU-0000000000-0000000000-00";
        operation.contextType = "Nip";
        operation.contextValue = "5265877635";
        operation.subject = "5265877635";
        operation.authenticationMethod = "Token";
        operation.ksefTokenReference = "20261124-EC-0000000000-0000000000-00";
        operation.permissions = "InvoiceWrite,InvoiceRead";
        String token = issuer.accessToken(operation, OffsetDateTime.now()).info().token();

        Map<String, Object> claims = JwtCodec.verify(token, keys::get);
        assertEquals("ksef-hub", claims.get("iss"));
        assertEquals("ksef-hub", claims.get("aud"));
        assertEquals(TokenType.ContextToken.name(), claims.get("typ"));
        assertEquals(operation.referenceNumber, claims.get("arn"));
        assertEquals("Nip", claims.get("cit"));
        assertEquals("5265877635", claims.get("civ"));
        assertEquals("5265877635", claims.get("sub"));
        assertEquals("Token", claims.get("aum"));
        assertEquals(operation.ksefTokenReference, claims.get("ktr"));
        assertEquals(List.of("InvoiceWrite", "InvoiceRead"), claims.get("per"));
        assertEquals(900L, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());

        String tampered = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        assertThrows(JwtCodec.InvalidTokenException.class, () -> JwtCodec.verify(tampered, keys::get));
    }
}
