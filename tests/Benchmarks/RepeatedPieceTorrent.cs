using System.Security.Cryptography;
using TorrentPS.Bencode;

namespace TorrentPS.Benchmarks;

/// <summary>A single-file torrent whose pieces are the given data cut at a piece length, with their real hashes.</summary>
public static class RepeatedPieceTorrent
{
    public static TorrentInfo Create(byte[] piece) => Create(piece, piece.Length, 1);

    /// <summary><paramref name="pieceCount"/> pieces of <paramref name="pieceLength"/> bytes, all holding <paramref name="piece"/>.</summary>
    public static TorrentInfo Create(byte[] piece, int pieceLength, int pieceCount)
    {
        byte[] hash = SHA1.HashData(piece.AsSpan(0, pieceLength));
        byte[] hashes = new byte[hash.Length * pieceCount];
        for (int i = 0; i < pieceCount; i++)
        {
            hash.CopyTo(hashes, i * hash.Length);
        }

        using var stream = new MemoryStream();
        var writer = new BencodeWriter(stream);
        writer.WriteDictionaryStart();
        writer.WriteString("info");
        writer.WriteDictionaryStart();
        writer.WriteString("length");
        writer.WriteInteger((long)pieceLength * pieceCount);
        writer.WriteString("name");
        writer.WriteString("benchmark.bin");
        writer.WriteString("piece length");
        writer.WriteInteger(pieceLength);
        writer.WriteString("pieces");
        writer.WriteString(hashes);
        writer.WriteEnd();
        writer.WriteEnd();
        return TorrentInfo.Load(stream.ToArray());
    }
}
