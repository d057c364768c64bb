package pl.ksefhub.session.certificates;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Certificate requests as a KSeF client builds them from {@code GET /certificates/enrollments/data}. */
public final class Csrs {

    /** Its RSA-PSS signer takes a name the JDK does not know. */
    private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

    private Csrs() {
    }

    /** The subject as the official SDK builds it from the enrollment data (its attribute order). */
    public static X500Name subject(Map<String, Object> data) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        Map<String, ASN1ObjectIdentifier> order = new LinkedHashMap<>();
        order.put("commonName", BCStyle.CN);
        order.put("surname", BCStyle.SURNAME);
        order.put("organizationName", BCStyle.O);
        order.put("organizationIdentifier", BCStyle.ORGANIZATION_IDENTIFIER);
        order.put("countryName", BCStyle.C);
        order.put("serialNumber", BCStyle.SERIALNUMBER);
        order.put("uniqueIdentifier", BCStyle.UNIQUE_IDENTIFIER);
        order.put("givenName", BCStyle.GIVENNAME);
        order.forEach((field, oid) -> {
            if (data.get(field) != null) {
                name.addRDN(oid, (String) data.get(field));
            }
        });
        return name.build();
    }

    /** Base64 DER of a PKCS#10 request of the data, signed with the key. */
    public static String csr(Map<String, Object> data, KeyPair keys, String signatureAlgorithm) throws Exception {
        return Base64.getEncoder().encodeToString(new JcaPKCS10CertificationRequestBuilder(subject(data),
                keys.getPublic()).build(new JcaContentSignerBuilder(signatureAlgorithm).setProvider(BOUNCY_CASTLE)
                .build(keys.getPrivate())).getEncoded());
    }

    public static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    public static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }
}
