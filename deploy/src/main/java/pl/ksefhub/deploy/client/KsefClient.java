package pl.ksefhub.deploy.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Cipher;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A KSeF 2.0 client written from the spec alone, the way an integrator's would be: it knows nothing of ksef-hub's
 * insides and talks only to the one base URL. Used by the system tests and the benchmark.
 */
public class KsefClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String baseUrl;
    private final HttpClient http;
    private PublicKey tokenKey;
    private PublicKey symmetricKeyKey;
    private String symmetricKeyId;
    private String accessToken;
    private volatile Consumer<Answer> answers = answer -> { };
    private volatile Duration requestTimeout = Duration.ofSeconds(30);

    public KsefClient(String baseUrl) {
        this(baseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    public KsefClient(String baseUrl, HttpClient http) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.http = http;
    }

    /** Calls {@code listener} with every answer this client gets, e.g. to count the statuses a test saw. */
    public KsefClient onEveryAnswer(Consumer<Answer> listener) {
        this.answers = listener;
        return this;
    }

    /** How long each request may take to its answer; 30 s unless set. */
    public KsefClient requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** An HTTP answer: status, headers, body bytes. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException("Not JSON (" + status + "): " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public Answer get(String path, String bearer) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), bearer);
    }

    public Answer getWithHeader(String path, String bearer, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header(header, value).GET(), bearer);
    }

    public Answer getAbsolute(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
    }

    public Answer post(String path, String bearer, Object body) {
        try {
            byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
            return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)), bearer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Answer postRaw(String path, String bearer, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), bearer);
    }

    /** A body sent byte for byte as given: what was signed is what arrives. */
    public Answer postBytes(String path, String bearer, String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), bearer);
    }

    private Answer send(HttpRequest.Builder request, String bearer) {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.timeout(requestTimeout).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            Answer answer = new Answer(response.statusCode(), headers, response.body());
            answers.accept(answer);
            return answer;
        } catch (Exception e) {
            throw new IllegalStateException("HTTP call failed: " + e.getMessage(), e);
        }
    }

    /** {@code GET /security/public-key-certificates}: the two keys, as the official SDKs pick them. */
    public void loadPublicKeys() {
        Answer answer = get("/v2/security/public-key-certificates", null);
        expect(answer, 200);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (JsonNode cert : answer.json()) {
                X509Certificate x509 = (X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(cert.get("certificate").asText())));
                for (JsonNode usage : cert.get("usage")) {
                    if ("KsefTokenEncryption".equals(usage.asText())) {
                        tokenKey = x509.getPublicKey();
                    } else if ("SymmetricKeyEncryption".equals(usage.asText())) {
                        symmetricKeyKey = x509.getPublicKey();
                        symmetricKeyId = cert.path("publicKeyId").asText(null);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Challenge, {@code /auth/ksef-token}, status polling, redeem: the KSeF-token login of uwierzytelnianie.md.
     *
     * @return the access token (also kept for later calls)
     */
    public String authenticateWithKsefToken(String nip, String ksefToken) {
        if (tokenKey == null) {
            loadPublicKeys();
        }
        JsonNode challenge = expect(post("/v2/auth/challenge", null, null), 200).json();
        String plain = ksefToken + "|" + challenge.get("timestampMs").asLong();
        Map<String, Object> request = Map.of("challenge", challenge.get("challenge").asText(),
                "contextIdentifier", Map.of("type", "Nip", "value", nip),
                "encryptedToken", Base64.getEncoder().encodeToString(
                        rsaOaep(tokenKey, plain.getBytes(StandardCharsets.UTF_8))));
        JsonNode init = expect(post("/v2/auth/ksef-token", null, request), 202).json();
        String authReference = init.get("referenceNumber").asText();
        String authToken = init.at("/authenticationToken/token").asText();
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            JsonNode status = expect(get("/v2/auth/" + authReference, authToken), 200).json();
            int code = status.at("/status/code").asInt();
            if (code == 200) {
                break;
            }
            if (code != 100 || System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Authentication ended with " + status);
            }
            sleep(200);
        }
        JsonNode tokens = expect(post("/v2/auth/token/redeem", authToken, null), 200).json();
        accessToken = tokens.at("/accessToken/token").asText();
        return accessToken;
    }

    /** Signs an unsigned {@code AuthTokenRequest} with XAdES; returns the exact bytes to send. */
    @FunctionalInterface
    public interface XadesSigner {
        byte[] sign(String authTokenRequestXml);
    }

    /** {@code POST /auth/xades-signature} answered 202: the operation, its token, and the bytes that were sent. */
    public record AuthenticationStarted(String referenceNumber, String authenticationToken, byte[] signedDocument) {
    }

    /** A finished XAdES login: its final status (200), the tokens redeemed, and the signed document sent. */
    public record XadesAuthentication(String referenceNumber, JsonNode status, String accessToken,
                                      String refreshToken, byte[] signedDocument) {
    }

    /**
     * Challenge, an {@code AuthTokenRequest} for the NIP context with subject type {@code certificateSubject},
     * signed by {@code signer}, sent to {@code /auth/xades-signature?verifyCertificateChain=false}: the start of the
     * XAdES login of uwierzytelnianie.md, as the official SDKs' integration tests do it with a self-signed
     * certificate. The status is not looked at yet ({@link #awaitAuthentication}).
     */
    public AuthenticationStarted startXadesAuthentication(String contextNip, XadesSigner signer) {
        JsonNode challenge = expect(post("/v2/auth/challenge", null, null), 200).json();
        byte[] signed = signer.sign(authTokenRequest(challenge.get("challenge").asText(), contextNip));
        JsonNode init = expect(postBytes("/v2/auth/xades-signature?verifyCertificateChain=false", null,
                "application/xml", signed), 202).json();
        return new AuthenticationStarted(init.get("referenceNumber").asText(),
                init.at("/authenticationToken/token").asText(), signed);
    }

    /** Polls {@code GET /auth/{ref}} while the status is 100 (in progress); returns the final status body. */
    public JsonNode awaitAuthentication(AuthenticationStarted started) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            JsonNode status = expect(get("/v2/auth/" + started.referenceNumber(), started.authenticationToken()), 200)
                    .json();
            if (status.at("/status/code").asInt() != 100) {
                return status;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("Authentication still in progress after 30 s: " + status);
            }
            sleep(200);
        }
    }

    /**
     * The whole XAdES login: start, poll until 200, redeem ({@code POST /auth/token/redeem}).
     *
     * @return the outcome; its access token is also kept for later calls
     */
    public XadesAuthentication authenticateWithXades(String contextNip, XadesSigner signer) {
        AuthenticationStarted started = startXadesAuthentication(contextNip, signer);
        JsonNode status = awaitAuthentication(started);
        if (status.at("/status/code").asInt() != 200) {
            throw new IllegalStateException("Authentication ended with " + status);
        }
        JsonNode tokens = expect(post("/v2/auth/token/redeem", started.authenticationToken(), null), 200).json();
        accessToken = tokens.at("/accessToken/token").asText();
        return new XadesAuthentication(started.referenceNumber(), status, accessToken,
                tokens.at("/refreshToken/token").asText(), started.signedDocument());
    }

    /** An unsigned {@code AuthTokenRequest} (schema auth v2.0) for a NIP context and a certificate's subject. */
    public static String authTokenRequest(String challenge, String contextNip) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <AuthTokenRequest xmlns="http://ksef.mf.gov.pl/auth/token/2.0">
                    <Challenge>%s</Challenge>
                    <ContextIdentifier>
                        <Nip>%s</Nip>
                    </ContextIdentifier>
                    <SubjectIdentifierType>certificateSubject</SubjectIdentifierType>
                </AuthTokenRequest>
                """.formatted(challenge, contextNip);
    }

    public String accessToken() {
        return accessToken;
    }

    /** The SymmetricKeyEncryption public key (after {@link #loadPublicKeys()}): it wraps the client's AES keys. */
    public PublicKey symmetricKey() {
        return symmetricKeyKey;
    }

    /** An open online session with its own AES-256 key and IV, as the client keeps them. */
    public record OnlineSession(String referenceNumber, byte[] key, byte[] iv) {
    }

    public OnlineSession openOnlineSession(String systemCode) {
        if (symmetricKeyKey == null) {
            loadPublicKeys();
        }
        byte[] key = new byte[32];
        byte[] iv = new byte[16];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(iv);
        Map<String, Object> encryption = new LinkedHashMap<>();
        encryption.put("encryptedSymmetricKey", Base64.getEncoder().encodeToString(rsaOaep(symmetricKeyKey, key)));
        encryption.put("initializationVector", Base64.getEncoder().encodeToString(iv));
        if (symmetricKeyId != null) {
            encryption.put("publicKeyId", symmetricKeyId);
        }
        Map<String, Object> request = Map.of("formCode",
                Map.of("systemCode", systemCode, "schemaVersion", "1-0E", "value", "FA"), "encryption", encryption);
        JsonNode opened = expect(post("/v2/sessions/online", accessToken, request), 201).json();
        return new OnlineSession(opened.get("referenceNumber").asText(), key, iv);
    }

    /** The body of {@code POST /sessions/online/{ref}/invoices} for this plaintext invoice. */
    public static Map<String, Object> invoiceRequest(OnlineSession session, byte[] invoiceXml) {
        byte[] encrypted = aes(session, invoiceXml);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invoiceHash", sha256(invoiceXml));
        body.put("invoiceSize", invoiceXml.length);
        body.put("encryptedInvoiceHash", sha256(encrypted));
        body.put("encryptedInvoiceSize", encrypted.length);
        body.put("encryptedInvoiceContent", Base64.getEncoder().encodeToString(encrypted));
        body.put("offlineMode", false);
        return body;
    }

    public Answer sendInvoice(OnlineSession session, byte[] invoiceXml) {
        return post("/v2/sessions/online/" + session.referenceNumber() + "/invoices", accessToken,
                invoiceRequest(session, invoiceXml));
    }

    public Answer sendInvoice(OnlineSession session, Map<String, Object> body) {
        return post("/v2/sessions/online/" + session.referenceNumber() + "/invoices", accessToken, body);
    }

    public Answer closeSession(OnlineSession session) {
        return post("/v2/sessions/online/" + session.referenceNumber() + "/close", accessToken, null);
    }

    /** A batch session as the client keeps it: its key, and each declared part's upload request and bytes. */
    public record BatchSession(String referenceNumber, byte[] key, byte[] iv, List<JsonNode> uploadRequests,
                               List<Path> encryptedParts) {
    }

    /**
     * {@code POST /sessions/batch} for an archive on disk, as the official SDKs prepare one (sesja-wsadowa.md): cut
     * in {@code partCount} binary parts, each encrypted on its own with the session's key and IV, streamed through
     * files so that a package of any size fits in little memory.
     */
    public BatchSession openBatchSession(String systemCode, Path archive, String compressionType, int partCount,
                                         Path workDir) {
        if (symmetricKeyKey == null) {
            loadPublicKeys();
        }
        byte[] key = new byte[32];
        byte[] iv = new byte[16];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(iv);
        try {
            long size = Files.size(archive);
            long partSize = (size + partCount - 1) / partCount;
            List<Path> encrypted = new ArrayList<>();
            List<Map<String, Object>> declared = new ArrayList<>();
            try (InputStream in = Files.newInputStream(archive)) {
                for (int n = 1; n <= partCount; n++) {
                    Path part = workDir.resolve(archive.getFileName() + ".part" + n + ".aes");
                    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
                    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
                    try (OutputStream out = new CipherOutputStream(Files.newOutputStream(part), cipher)) {
                        copy(in, out, Math.min(partSize, size - (n - 1) * partSize));
                    }
                    encrypted.add(part);
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("ordinalNumber", n);
                    info.put("fileSize", Files.size(part));
                    info.put("fileHash", sha256(part));
                    declared.add(info);
                }
            }
            Map<String, Object> batchFile = new LinkedHashMap<>();
            batchFile.put("fileSize", size);
            batchFile.put("fileHash", sha256(archive));
            batchFile.put("compressionType", compressionType);
            batchFile.put("fileParts", declared);
            Map<String, Object> encryption = new LinkedHashMap<>();
            encryption.put("encryptedSymmetricKey", Base64.getEncoder().encodeToString(rsaOaep(symmetricKeyKey, key)));
            encryption.put("initializationVector", Base64.getEncoder().encodeToString(iv));
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("formCode", Map.of("systemCode", systemCode, "schemaVersion", "1-0E", "value", "FA"));
            request.put("batchFile", batchFile);
            request.put("encryption", encryption);
            request.put("offlineMode", false);
            JsonNode opened = expect(post("/v2/sessions/batch", accessToken, request), 201).json();
            List<JsonNode> uploads = new ArrayList<>();
            opened.get("partUploadRequests").forEach(uploads::add);
            return new BatchSession(opened.get("referenceNumber").asText(), key, iv, uploads, encrypted);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code PUT} of one part to its upload URL, with the headers it names and no bearer token; the status. */
    public int uploadPart(BatchSession session, int ordinalNumber) {
        JsonNode upload = session.uploadRequests().get(ordinalNumber - 1);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upload.get("url").asText()))
                .timeout(Duration.ofMinutes(10)).header("Content-Type", "application/octet-stream");
        upload.path("headers").properties().forEach(h -> request.header(h.getKey(), h.getValue().asText()));
        try {
            return http.send(request.method(upload.get("method").asText(),
                            HttpRequest.BodyPublishers.ofFile(session.encryptedParts().get(ordinalNumber - 1))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException("Upload of part " + ordinalNumber + " failed: " + e.getMessage(), e);
        }
    }

    public Answer closeBatchSession(String referenceNumber) {
        return post("/v2/sessions/batch/" + referenceNumber + "/close", accessToken, null);
    }

    /** {@code DELETE /v2/sessions/{ref}} (ksef-hub's own, not in the KSeF spec): the session and all of it go. */
    public Answer deleteSession(String sessionReference) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v2/sessions/" + sessionReference)).DELETE(),
                accessToken);
    }

    public Answer sessionStatus(String sessionReference) {
        return get("/v2/sessions/" + sessionReference, accessToken);
    }

    public Answer invoiceStatus(String sessionReference, String invoiceReference) {
        return get("/v2/sessions/" + sessionReference + "/invoices/" + invoiceReference, accessToken);
    }

    public static byte[] aes(OnlineSession session, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(session.key(), "AES"),
                    new IvParameterSpec(session.iv()));
            return cipher.doFinal(plain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] rsaOaep(PublicKey key, byte[] data) {
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
                    PSource.PSpecified.DEFAULT));
            return rsa.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 SHA-256 of a file, streamed. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
            return Base64.getEncoder().encodeToString(digest.digest());
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(InputStream in, OutputStream out, long bytes) throws IOException {
        byte[] buffer = new byte[65536];
        long left = bytes;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("archive ended early");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    public static String sha256(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Answer expect(Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("Expected HTTP " + status + " but got " + answer.status() + ": "
                    + answer.text());
        }
        return answer;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
