package pl.ksefhub.session.certificates;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Set;

/**
 * A PKCS#10 request as {@code POST /certificates/enrollments} takes it: base64 DER, an RSA 2048 or EC P-256 key,
 * signed with RSA PKCS#1 v1.5, RSA-PSS or ECDSA over SHA-1/256/384/512 (the operation's description), and the
 * signature checked. Parsing and the checks are pure CPU work, done before any database work.
 *
 * @param publicKeyHash base64 SHA-256 of the SubjectPublicKeyInfo DER
 */
public record CertificateRequest(X500Name subject, PublicKey publicKey, String publicKeyHash) {

    /** BouncyCastle as a provider object, not registered globally: RSA-PSS parameters verify with it. */
    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

    private static final ASN1ObjectIdentifier RSA = PKCSObjectIdentifiers.rsaEncryption;
    private static final ASN1ObjectIdentifier EC = X9ObjectIdentifiers.id_ecPublicKey;
    private static final Set<ASN1ObjectIdentifier> RSA_SIGNATURES = Set.of(PKCSObjectIdentifiers.sha1WithRSAEncryption,
            PKCSObjectIdentifiers.sha256WithRSAEncryption, PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption);
    private static final Set<ASN1ObjectIdentifier> EC_SIGNATURES = Set.of(X9ObjectIdentifiers.ecdsa_with_SHA1,
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512);
    private static final Set<ASN1ObjectIdentifier> DIGESTS = Set.of(OIWObjectIdentifiers.idSHA1,
            NISTObjectIdentifiers.id_sha256, NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512);

    /** The checks in the order a client would fix them: format, key, algorithm, signature. */
    static CertificateRequest parse(String base64) {
        PKCS10CertificationRequest csr = decode(base64);
        SubjectPublicKeyInfo keyInfo = csr.getSubjectPublicKeyInfo();
        PublicKey publicKey = publicKey(csr);
        ASN1ObjectIdentifier keyType = keyInfo.getAlgorithm().getAlgorithm();
        if (RSA.equals(keyType)) {
            int bits = ((RSAPublicKey) publicKey).getModulus().bitLength();
            if (bits != 2048) {
                throw CertificateErrors.badKey("Klucz RSA ma długość %d bitów, wymagane 2048.".formatted(bits));
            }
        } else if (EC.equals(keyType)) {
            if (!SECObjectIdentifiers.secp256r1.equals(keyInfo.getAlgorithm().getParameters())) {
                throw CertificateErrors.badKey("Klucz EC musi być na krzywej NIST P-256 (secp256r1).");
            }
        } else {
            throw CertificateErrors.badKey("Dozwolone są klucze RSA 2048 i EC P-256; klucz CSR: %s."
                    .formatted(keyType.getId()));
        }
        AlgorithmIdentifier signature = csr.getSignatureAlgorithm();
        if (!allowedSignature(keyType, signature)) {
            throw CertificateErrors.badSignatureAlgorithm("Algorytm podpisu CSR %s nie jest dozwolony dla klucza %s."
                    .formatted(signature.getAlgorithm().getId(), RSA.equals(keyType) ? "RSA" : "EC"));
        }
        if (!signatureValid(csr)) {
            throw CertificateErrors.malformedCsr("Podpis CSR nie jest zgodny z jego kluczem publicznym.");
        }
        return new CertificateRequest(csr.getSubject(), publicKey, sha256Base64(keyInfo));
    }

    private static boolean signatureValid(PKCS10CertificationRequest csr) {
        try {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(PROVIDER)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (Exception e) {
            return false;
        }
    }

    private static PKCS10CertificationRequest decode(String base64) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw CertificateErrors.malformedCsr("CSR nie jest poprawnym ciągiem Base64.");
        }
        try {
            return new PKCS10CertificationRequest(der);
        } catch (Exception e) {
            throw CertificateErrors.malformedCsr("CSR nie jest żądaniem PKCS#10 w formacie DER.");
        }
    }

    private static PublicKey publicKey(PKCS10CertificationRequest csr) {
        try {
            return new JcaPKCS10CertificationRequest(csr).setProvider(PROVIDER).getPublicKey();
        } catch (Exception e) {
            throw CertificateErrors.badKey("Nie można odczytać klucza publicznego CSR.");
        }
    }

    private static boolean allowedSignature(ASN1ObjectIdentifier keyType, AlgorithmIdentifier signature) {
        ASN1ObjectIdentifier algorithm = signature.getAlgorithm();
        if (EC.equals(keyType)) {
            return EC_SIGNATURES.contains(algorithm);
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
            try {
                RSASSAPSSparams parameters = RSASSAPSSparams.getInstance(signature.getParameters());
                return DIGESTS.contains(parameters.getHashAlgorithm().getAlgorithm());
            } catch (RuntimeException e) {
                return false;
            }
        }
        return RSA_SIGNATURES.contains(algorithm);
    }

    private static String sha256Base64(SubjectPublicKeyInfo keyInfo) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(keyInfo.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
