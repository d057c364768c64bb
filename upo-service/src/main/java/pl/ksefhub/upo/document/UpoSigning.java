package pl.ksefhub.upo.document;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import pl.ksefhub.platform.keys.CertificateFiles;
import pl.ksefhub.upo.UpoConfig;

import java.nio.file.Path;

/** The platform's own UPO signing key: loaded from the keys folder, generated there on first start when missing. */
public class UpoSigning {

    public static final String BASE_NAME = "upo-signing";
    public static final String COMMON_NAME = "ksef-hub UPO";

    @Produces
    @Singleton
    UpoSigner signer(UpoConfig config) {
        CertificateFiles.KeyAndCertificate pair = CertificateFiles.loadOrCreate(Path.of(config.keysDir()), BASE_NAME,
                COMMON_NAME);
        return new UpoSigner(pair.privateKey(), pair.certificate());
    }
}
