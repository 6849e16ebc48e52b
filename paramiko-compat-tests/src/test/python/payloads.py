"""Big local files of random bytes and their SHA-256, read and written a chunk at a time."""
import hashlib
import os

CHUNK = 1 << 20


def sha256_of_file(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(CHUNK), b''):
            digest.update(block)
    return digest.hexdigest()


def write_random_file(path, size):
    with open(path, 'wb') as f:
        for left in range(size, 0, -CHUNK):
            f.write(os.urandom(min(CHUNK, left)))
    return sha256_of_file(path)
