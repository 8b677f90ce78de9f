package dev.lakestation.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS material generated at test time (never checked in): a CA, a server certificate for
 * {@code 127.0.0.1}/{@code localhost} and a client certificate, as PEM files in a temp dir — the
 * form Memphis SDKs take (cert file, key file, CA file).
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.generate();
 * options.tls(certs.clientCert(), certs.clientKey(), certs.caCert());
 * }</pre>
 */
public final class TestCertificates {
    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates generate() {
        try {
            Path dir = Files.createTempDirectory("lakestation-tls-");
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048, new SecureRandom());

            KeyPair caKeys = gen.generateKeyPair();
            X500Name caName = new X500Name("CN=Lakestation Test CA");
            X509Certificate ca = sign(caName, caKeys, caName, caKeys, true, null, null);

            KeyPair serverKeys = gen.generateKeyPair();
            GeneralNames serverNames = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()),
                new GeneralName(GeneralName.dNSName, "localhost")
            });
            X509Certificate server = sign(new X500Name("CN=localhost"), serverKeys, caName, caKeys, false,
                    serverNames, KeyPurposeId.id_kp_serverAuth);

            KeyPair clientKeys = gen.generateKeyPair();
            X509Certificate client = sign(new X500Name("CN=lakestation-client"), clientKeys, caName, caKeys, false,
                    null, KeyPurposeId.id_kp_clientAuth);

            write(dir.resolve("ca.pem"), ca);
            write(dir.resolve("server-cert.pem"), server);
            writeKey(dir.resolve("server-key.pem"), serverKeys);
            write(dir.resolve("client-cert.pem"), client);
            writeKey(dir.resolve("client-key.pem"), clientKeys);
            return new TestCertificates(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot generate test certificates", e);
        }
    }

    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    public Path serverCert() {
        return dir.resolve("server-cert.pem");
    }

    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }

    public Path clientCert() {
        return dir.resolve("client-cert.pem");
    }

    /** PKCS#8 PEM private key of the client certificate. */
    public Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    public Path directory() {
        return dir;
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
            boolean isCa, GeneralNames altNames, KeyPurposeId purpose)
            throws GeneralSecurityException, IOException, org.bouncycastle.operator.OperatorCreationException {
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(new SecureRandom().nextInt(1 << 20))),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(2))),
                subject, subjectKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (isCa) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        }
        if (altNames != null) {
            b.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static void write(Path file, X509Certificate cert) throws IOException {
        Files.writeString(file, pem(cert));
    }

    private static void writeKey(Path file, KeyPair keys) throws IOException {
        try {
            Files.writeString(file, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IOException(e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter((Writer) s)) {
            w.writeObject(o);
        }
        return s.toString();
    }
}
