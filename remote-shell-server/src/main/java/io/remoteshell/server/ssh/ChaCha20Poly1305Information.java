package io.remoteshell.server.ssh;

import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.CipherInformation;

/** The names and sizes of ChaCha20Poly1305 and its factory: those of MINA's chacha20-poly1305, which it replaces. */
interface ChaCha20Poly1305Information extends CipherInformation {

    BuiltinCiphers MINA = BuiltinCiphers.cc20p1305_openssh;

    @Override
    default String getAlgorithm() {
        return MINA.getAlgorithm();
    }

    @Override
    default String getTransformation() {
        return MINA.getTransformation();
    }

    @Override
    default int getIVSize() {
        return MINA.getIVSize();
    }

    @Override
    default int getAuthenticationTagSize() {
        return MINA.getAuthenticationTagSize();
    }

    @Override
    default int getCipherBlockSize() {
        return MINA.getCipherBlockSize();
    }

    @Override
    default int getKdfSize() {
        return MINA.getKdfSize();
    }

    @Override
    default int getKeySize() {
        return MINA.getKeySize();
    }
}
