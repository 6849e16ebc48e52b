package io.remoteshell.client.ssh;

import java.io.IOException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Bouncy Castle's JCA provider, registered under its name "BC" without building it until a service it has not been
 * told about is asked for. MINA registers {@link BouncyCastleProvider} when the jar is present and then asks "BC" for
 * every key factory, signature and key agreement; a one-shot {@code rshell ssh://HOST true} uses only Ed25519 and
 * X25519 (and a few digests and ciphers the JDK already serves first) of the provider, whose constructor loads the
 * classes of all its hundreds of algorithms: about 800 classes and 120-200 ms of each ssh:// run's start.
 *
 * <p>The few services of an everyday connection are made here from the same Bouncy Castle classes the full provider
 * would name (a test compares them); any other is taken from a real {@link BouncyCastleProvider}, made on first
 * need, so every key type, cipher and format that worked with the full provider still works, only slower the first
 * time. Nothing is registered when a provider named "BC" is there already (an application's own).
 */
public final class LazyBouncyCastle extends Provider {
    private static final long serialVersionUID = 1L;
    static final String NAME = "BC"; // BouncyCastleProvider.PROVIDER_NAME, without loading that class
    private static final String BC = "org.bouncycastle.jcajce.provider.";
    private static final String EDEC = BC + "asymmetric.edec.";

    /**
     * Type, algorithm, implementation: the services a connection with Ed25519 keys asks "BC" for, MINA's start-up
     * probes (digests, EC parameters and key pairs, RSA signatures, X448, DH) included; each the class Bouncy Castle's
     * own mappings name for it, except the Ed25519 signature: Bouncy Castle's makes a full provider when it is made
     * (its helper's), so it is {@link Ed25519Signature}, the same lightweight signer without that. Looked up by exactly these names (any case); aliases go to the full provider.
     */
    static final List<String[]> SERVICES = List.of(
            new String[] {"MessageDigest", "MD5", BC + "digest.MD5$Digest"},
            new String[] {"MessageDigest", "SHA-1", BC + "digest.SHA1$Digest"},
            new String[] {"MessageDigest", "SHA-224", BC + "digest.SHA224$Digest"},
            new String[] {"MessageDigest", "SHA-256", BC + "digest.SHA256$Digest"},
            new String[] {"MessageDigest", "SHA-384", BC + "digest.SHA384$Digest"},
            new String[] {"MessageDigest", "SHA-512", BC + "digest.SHA512$Digest"},
            new String[] {"AlgorithmParameters", "EC", BC + "asymmetric.ec.AlgorithmParametersSpi"},
            new String[] {"KeyPairGenerator", "EC", BC + "asymmetric.ec.KeyPairGeneratorSpi$EC"},
            new String[] {"Signature", "SHA512withRSA", BC + "asymmetric.rsa.DigestSignatureSpi$SHA512"},
            new String[] {"KeyPairGenerator", "DH", BC + "asymmetric.dh.KeyPairGeneratorSpi"},
            new String[] {"KeyFactory", "Ed25519", EDEC + "KeyFactorySpi$Ed25519"},
            new String[] {"KeyFactory", "EdDSA", EDEC + "KeyFactorySpi$EdDSA"},
            new String[] {"KeyFactory", "X25519", EDEC + "KeyFactorySpi$X25519"},
            new String[] {"KeyFactory", "XDH", EDEC + "KeyFactorySpi$XDH"},
            new String[] {"KeyFactory", "X448", EDEC + "KeyFactorySpi$X448"},
            new String[] {"Signature", "Ed25519", Ed25519Signature.class.getName()},
            new String[] {"Signature", "EdDSA", Ed25519Signature.class.getName()},
            new String[] {"KeyPairGenerator", "Ed25519", EDEC + "KeyPairGeneratorSpi$Ed25519"},
            new String[] {"KeyPairGenerator", "X25519", EDEC + "KeyPairGeneratorSpi$X25519"},
            new String[] {"KeyPairGenerator", "X448", EDEC + "KeyPairGeneratorSpi$X448"},
            new String[] {"KeyAgreement", "X25519", EDEC + "KeyAgreementSpi$X25519"},
            new String[] {"KeyAgreement", "X448", EDEC + "KeyAgreementSpi$X448"});

    private final Map<String, Service> known = new java.util.HashMap<>();
    private volatile Provider full;

    @SuppressWarnings("deprecation") // Provider(String, double, String): the JDK 17 constructor; its successor is 9+
    private LazyBouncyCastle() {
        super(NAME, 1.0, "Bouncy Castle, built on first use of a rare algorithm");
        for (String[] s : SERVICES) {
            known.put(key(s[0], s[1]), new Service(this, s[0], s[1], s[2], null, null));
        }
    }

    /** Registers the lazy provider unless a "BC" is there already; before MINA's SecurityUtils looks. */
    public static synchronized void register() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new LazyBouncyCastle());
        }
    }

    /** A provider not registered anywhere, for tests. */
    static Provider newForTest() {
        return new LazyBouncyCastle();
    }

    private static String key(String type, String algorithm) {
        return type + '.' + algorithm.toUpperCase(java.util.Locale.ROOT);
    }

    private Provider full() {
        Provider p = full;
        if (p == null) {
            synchronized (this) {
                p = full;
                if (p == null) {
                    p = new BouncyCastleProvider();
                    full = p;
                }
            }
        }
        return p;
    }

    @Override
    public Service getService(String type, String algorithm) {
        Service s = known.get(key(type, algorithm));
        return s != null ? s : full().getService(type, algorithm);
    }

    @Override
    public Set<Service> getServices() {
        return full().getServices();
    }

    /**
     * Ed25519 signatures (RFC 8032, pure) with Bouncy Castle's {@link Ed25519Signer}, as its own {@code SignatureSpi}
     * makes them, for any Ed25519 key in the standard encodings (Bouncy Castle's or the JDK's).
     */
    public static final class Ed25519Signature extends SignatureSpi {
        private Ed25519Signer signer;

        @Override
        protected void engineInitVerify(PublicKey key) throws InvalidKeyException {
            AsymmetricKeyParameter parameters;
            try {
                parameters = PublicKeyFactory.createKey(encoded(key));
            } catch (IOException | RuntimeException e) {
                throw new InvalidKeyException("not an Ed25519 public key: " + key.getAlgorithm(), e);
            }
            if (!(parameters instanceof Ed25519PublicKeyParameters)) {
                throw new InvalidKeyException("not an Ed25519 public key: " + key.getAlgorithm());
            }
            signer = new Ed25519Signer();
            signer.init(false, parameters);
        }

        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            AsymmetricKeyParameter parameters;
            try {
                parameters = PrivateKeyFactory.createKey(encoded(key));
            } catch (IOException | RuntimeException e) {
                throw new InvalidKeyException("not an Ed25519 private key: " + key.getAlgorithm(), e);
            }
            if (!(parameters instanceof Ed25519PrivateKeyParameters)) {
                throw new InvalidKeyException("not an Ed25519 private key: " + key.getAlgorithm());
            }
            signer = new Ed25519Signer();
            signer.init(true, parameters);
        }

        private static byte[] encoded(java.security.Key key) throws InvalidKeyException {
            byte[] encoded = key.getEncoded();
            if (encoded == null) {
                throw new InvalidKeyException("an Ed25519 key without an encoding: " + key.getAlgorithm());
            }
            return encoded;
        }

        private Ed25519Signer signer() throws SignatureException {
            if (signer == null) {
                throw new SignatureException("signature not initialised");
            }
            return signer;
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            signer().update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            signer().update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            return signer().generateSignature();
        }

        @Override
        protected boolean engineVerify(byte[] signature) throws SignatureException {
            return signer().verifySignature(signature);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException("Ed25519 has no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException("Ed25519 has no parameters");
        }
    }
}
