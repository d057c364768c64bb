package pl.ksefhub.platform.keys;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.ReadOnlyFileSystemException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A key pair and its X.509 certificate as two PEM files, created once (under a file lock, since several services
 * may start at the same moment against the same folder) and read by everyone after.
 */
public final class CertificateFiles {

    private CertificateFiles() {
    }

    public record KeyAndCertificate(PrivateKey privateKey, X509Certificate certificate) {
    }

    public static KeyAndCertificate loadOrCreate(Path dir, String baseName, String commonName) {
        return loadOrCreate(dir, baseName, commonName, false);
    }

    /**
     * As {@link #loadOrCreate(Path, String, String)}, for a certificate authority: the generated certificate says
     * so (basicConstraints CA, keyUsage keyCertSign and cRLSign) and lasts ten years, so that chains to it validate
     * under PKIX.
     */
    public static KeyAndCertificate loadOrCreateAuthority(Path dir, String baseName, String commonName) {
        return loadOrCreate(dir, baseName, commonName, true);
    }

    private static KeyAndCertificate loadOrCreate(Path dir, String baseName, String commonName, boolean authority) {
        Path crt = dir.resolve(baseName + ".crt.pem");
        Path key = dir.resolve(baseName + ".key.pem");
        if (!Files.exists(crt) || !Files.exists(key)) {
            requireWritable(dir, baseName, crt, key);
        }
        try {
            Files.createDirectories(dir);
            if (!Files.exists(crt) || !Files.exists(key)) {
                try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                     FileLock ignored = channel.lock()) {
                    if (!Files.exists(crt) || !Files.exists(key)) {
                        generate(crt, key, commonName, authority);
                    }
                }
            }
            return new KeyAndCertificate(readPrivateKey(key), readCertificate(crt));
        } catch (ReadOnlyFileSystemException | AccessDeniedException e) {
            throw missingFromReadOnly(dir, baseName, crt, key, e);
        } catch (FileSystemException e) {
            // EROFS of a read-only mount (a Kubernetes Secret volume) arrives as a plain FileSystemException.
            if (String.valueOf(e.getReason()).contains("Read-only file system")) {
                throw missingFromReadOnly(dir, baseName, crt, key, e);
            }
            throw new IllegalStateException("Cannot load or create the key pair " + baseName + " in " + dir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load or create the key pair " + baseName + " in " + dir, e);
        }
    }

    /**
     * A pair that is missing where nothing can be written (a read-only Secret mount) is a deployment error: said at
     * once, naming the files to provide, rather than as an I/O failure at the first request that needs the key.
     */
    private static void requireWritable(Path dir, String baseName, Path crt, Path key) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isWritable(existing)) {
            throw missingFromReadOnly(dir, baseName, crt, key, null);
        }
    }

    private static IllegalStateException missingFromReadOnly(Path dir, String baseName, Path crt, Path key,
                                                             Exception cause) {
        return new IllegalStateException("The key pair " + baseName + " is missing from " + dir + ", which is "
                + "read-only, so it cannot be generated: provide " + crt.getFileName() + " and " + key.getFileName()
                + " there (in Kubernetes: in the Secret mounted at " + dir + ", deploy/k8s/make-secrets.sh)", cause);
    }

    private static void generate(Path crt, Path key, String commonName, boolean authority) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=" + commonName + ", O=ksef-hub, C=PL");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(authority ? 3650 : 730))), name, pair.getPublic());
        if (authority) {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true,
                            new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.keyCertSign
                                    | org.bouncycastle.asn1.x509.KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
        }
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        // Write the key first: a reader that sees the certificate always finds its key.
        writeAtomically(key, pem(pair.getPrivate()));
        writeAtomically(crt, pem(certificate));
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
            writer.write(content);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static PrivateKey readPrivateKey(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            PrivateKeyInfo info = object instanceof org.bouncycastle.openssl.PEMKeyPair pair
                    ? pair.getPrivateKeyInfo() : (PrivateKeyInfo) object;
            String algorithm = info.getPrivateKeyAlgorithm().getAlgorithm().getId().startsWith("1.2.840.10045")
                    ? "EC" : "RSA";
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        }
    }

    public static X509Certificate readCertificate(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }
}
