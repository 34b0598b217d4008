using System;

namespace TorrentPS.Peers.Encryption
{
    /// <summary>
    /// The RC4 stream cipher, as Message Stream Encryption (MSE/PE) uses it for its handshake: keyed with a SHA-1
    /// digest, the first 1024 bytes of keystream discarded. Weak as cryptography and only here for interop.
    /// </summary>
    internal sealed class Rc4
    {
        private readonly byte[] _state = new byte[256];
        private int _i;
        private int _j;

        /// <param name="discard">Keystream bytes dropped first: 1024 in MSE; tests use 0 to check published vectors.</param>
        public Rc4(ReadOnlySpan<byte> key, int discard = 1024)
        {
            for (int k = 0; k < 256; k++)
            {
                _state[k] = (byte)k;
            }

            for (int k = 0, j = 0; k < 256; k++)
            {
                j = (j + _state[k] + key[k % key.Length]) & 0xFF;
                (_state[k], _state[j]) = (_state[j], _state[k]);
            }

            // MSE drops the first 1024 bytes of keystream (RC4's early output is biased).
            Span<byte> dropped = stackalloc byte[discard];
            Apply(dropped);
        }

        /// <summary>Encrypts or decrypts <paramref name="data"/> in place (the same operation).</summary>
        public void Apply(Span<byte> data)
        {
            for (int n = 0; n < data.Length; n++)
            {
                _i = (_i + 1) & 0xFF;
                _j = (_j + _state[_i]) & 0xFF;
                (_state[_i], _state[_j]) = (_state[_j], _state[_i]);
                data[n] ^= _state[(_state[_i] + _state[_j]) & 0xFF];
            }
        }
    }
}
