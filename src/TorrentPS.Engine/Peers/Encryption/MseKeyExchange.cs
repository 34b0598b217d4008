using System;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace TorrentPS.Peers.Encryption
{
    /// <summary>The Diffie-Hellman exchange of Message Stream Encryption: a 768-bit prime, generator 2, 160-bit private keys.</summary>
    internal sealed class MseKeyExchange
    {
        public const int KeyLength = 96;

        private static readonly BigInteger Prime = BigInteger.Parse(
            "0FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563",
            NumberStyles.HexNumber,
            CultureInfo.InvariantCulture);

        private readonly BigInteger _private;

        public MseKeyExchange()
        {
            byte[] random = new byte[21];
            using (var generator = RandomNumberGenerator.Create())
            {
                generator.GetBytes(random, 0, 20);
            }

            // 20 random bytes, little-endian with a zero sign byte: a positive 160-bit private key.
            _private = new BigInteger(random);
            PublicKey = ToBigEndian(BigInteger.ModPow(2, _private, Prime));
        }

        /// <summary>Our public key, 96 bytes big-endian.</summary>
        public byte[] PublicKey { get; }

        /// <summary>The shared secret S from the other side's 96-byte public key, 96 bytes big-endian.</summary>
        public byte[] SharedSecret(ReadOnlySpan<byte> theirPublicKey)
        {
            BigInteger theirs = FromBigEndian(theirPublicKey);
            if (theirs <= 1 || theirs >= Prime - 1)
            {
                throw new PeerProtocolException(PeerProtocolError.WrongProtocol, "The peer's encryption key is out of range.");
            }

            return ToBigEndian(BigInteger.ModPow(theirs, _private, Prime));
        }

        private static BigInteger FromBigEndian(ReadOnlySpan<byte> bigEndian)
        {
            byte[] little = new byte[bigEndian.Length + 1];
            for (int i = 0; i < bigEndian.Length; i++)
            {
                little[i] = bigEndian[bigEndian.Length - 1 - i];
            }

            return new BigInteger(little);
        }

        private static byte[] ToBigEndian(BigInteger value)
        {
            byte[] little = value.ToByteArray();
            byte[] big = new byte[KeyLength];
            for (int i = 0; i < little.Length && i < KeyLength; i++)
            {
                big[KeyLength - 1 - i] = little[i];
            }

            return big;
        }
    }
}
