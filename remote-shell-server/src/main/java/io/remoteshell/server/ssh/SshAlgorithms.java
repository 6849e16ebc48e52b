package io.remoteshell.server.ssh;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.CipherFactory;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * The algorithms rshelld offers, strongest first. MINA's defaults include SHA-1 MACs and the
 * ssh-rsa (SHA-1) signature; ssh-audit also fails the NIST-curve key exchanges. What is left is
 * what OpenSSH 9.x prefers anyway, plus what paramiko 2.12 needs: it has neither chacha20 nor
 * GCM, so aes*-ctr with hmac-sha2 (etm and plain) stays, and curve25519 and the 4096/8192-bit
 * DH groups serve its key exchange. Strict key exchange (the Terrapin fix) is MINA's default,
 * offered to every client that supports it. No CBC, no SHA-1.
 * <p>
 * Compression is what OpenSSH's sshd offers: none, or zlib@openssh.com, which starts only after
 * authentication, so no unauthenticated peer ever reaches the inflater. Ansible runs ssh with -C by
 * default; plain "zlib" (compressing from the first packet) is left out, as OpenSSH left it out in 7.4.
 */
final class SshAlgorithms {

    private SshAlgorithms() {
    }

    static void apply(SshServer sshd) {
        // true: leave out what this JVM cannot do (e.g. ML-KEM without Bouncy Castle) instead of failing.
        sshd.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(true, List.of(
                BuiltinDHFactories.mlkem768x25519, BuiltinDHFactories.sntrup761x25519, BuiltinDHFactories.sntrup761x25519_openssh,
                BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.curve448,
                BuiltinDHFactories.dhg18_512, BuiltinDHFactories.dhg16_512), ServerBuilder.DH2KEX));
        // chacha20-poly1305 on the JDK's ChaCha20 rather than MINA's own (see ChaCha20Poly1305).
        sshd.setCipherFactories(new ArrayList<>(NamedFactory.setUpBuiltinFactories(true, List.<CipherFactory>of(
                ChaCha20Poly1305.FACTORY, BuiltinCiphers.aes256gcm, BuiltinCiphers.aes128gcm,
                BuiltinCiphers.aes256ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes128ctr))));
        sshd.setMacFactories(new ArrayList<>(NamedFactory.setUpBuiltinFactories(true, List.of(
                BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm, BuiltinMacs.hmacsha256, BuiltinMacs.hmacsha512))));
        // Used for the host key (Ed25519 only) and for users' keys: modern user key types, RSA only with SHA-2.
        sshd.setSignatureFactories(new ArrayList<>(NamedFactory.setUpBuiltinFactories(true, List.of(
                BuiltinSignatures.ed25519, BuiltinSignatures.nistp256, BuiltinSignatures.nistp384, BuiltinSignatures.nistp521,
                BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA256))));
        sshd.setCompressionFactories(new ArrayList<>(List.of(BuiltinCompressions.none, BuiltinCompressions.delayedZlib)));
    }

    /** For the start-up log: "kex: a,b; ciphers: ...". */
    static String describe(SshServer sshd) {
        return "kex " + NamedResource.getNames(sshd.getKeyExchangeFactories())
                + "; ciphers " + NamedResource.getNames(sshd.getCipherFactories())
                + "; macs " + NamedResource.getNames(sshd.getMacFactories())
                + "; compression " + NamedResource.getNames(sshd.getCompressionFactories());
    }
}
