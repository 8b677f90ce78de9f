package dev.lakestation.memphis;

import dev.lakestation.memphis.annotation.Internal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds an SSLContext from PEM files with the JDK alone (no bouncycastle at runtime). */
@Internal
final class PemSslContexts {
    private PemSslContexts() {}

    /** Mutual TLS with cert and key; with both null, TLS that only verifies the server against the CA. */
    static SSLContext create(String certFile, String keyFile, String caFile) {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> cas = readCerts(cf, caFile);
            javax.net.ssl.KeyManager[] keyManagers = null; // server-verified TLS without a client certificate
            if (certFile != null) {
                Collection<? extends Certificate> chain = readCerts(cf, certFile);
                PrivateKey key = readKey(keyFile);
                char[] pw = new char[0];
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                keyManagers = kmf.getKeyManagers();
            }

            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            int i = 0;
            for (Certificate c : cas) {
                ts.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);

            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new MemphisException("cannot load TLS files (cert " + certFile + ", key " + keyFile
                    + ", ca " + caFile + "): " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> readCerts(CertificateFactory cf, String file)
            throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs = cf.generateCertificates(in);
            if (certs.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + file);
            }
            return certs;
        }
    }

    private static PrivateKey readKey(String file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        if (pem.contains("ENCRYPTED")) {
            throw new GeneralSecurityException("encrypted private keys are not supported: " + file);
        }
        StringBuilder b64 = new StringBuilder();
        boolean in = false;
        for (String line : pem.split("\\R")) {
            if (line.startsWith("-----BEGIN") && line.contains("PRIVATE KEY")) {
                in = true;
            } else if (line.startsWith("-----END")) {
                if (in) {
                    break;
                }
            } else if (in) {
                b64.append(line.trim());
            }
        }
        if (b64.length() == 0) {
            throw new GeneralSecurityException("no PRIVATE KEY block in " + file);
        }
        byte[] der = Base64.getDecoder().decode(b64.toString());
        if (pkcs1) {
            der = wrapPkcs1Rsa(der);
        }
        List<GeneralSecurityException> failures = new ArrayList<>();
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                failures.add(e);
            }
        }
        throw new GeneralSecurityException("unsupported private key in " + file + ": " + failures.get(0).getMessage());
    }

    /** Wraps a PKCS#1 RSAPrivateKey into a PKCS#8 PrivateKeyInfo so KeyFactory can read it. */
    private static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octet = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algId.length + octet.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algId, 0, body, version.length, algId.length);
        System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int len = content.length;
        byte[] lenBytes;
        if (len < 0x80) {
            lenBytes = new byte[] {(byte) len};
        } else if (len < 0x100) {
            lenBytes = new byte[] {(byte) 0x81, (byte) len};
        } else if (len < 0x10000) {
            lenBytes = new byte[] {(byte) 0x82, (byte) (len >> 8), (byte) len};
        } else {
            lenBytes = new byte[] {(byte) 0x83, (byte) (len >> 16), (byte) (len >> 8), (byte) len};
        }
        byte[] out = new byte[1 + lenBytes.length + len];
        out[0] = (byte) tag;
        System.arraycopy(lenBytes, 0, out, 1, lenBytes.length);
        System.arraycopy(content, 0, out, 1 + lenBytes.length, len);
        return out;
    }

}
