using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using TorrentPS.Hashing;

namespace TorrentPS.Engine.Tests.Hashing;

public class MultiBufferSha1Tests
{
    private const int DigestSize = MultiBufferSha1.DigestSize;

    // Around every padding boundary (55/56 bytes leave room for the length or not, 63/64/65 around a block), a
    // length that is no multiple of 64, piece sizes, and 2^16 + 1.
    public static TheoryData<int, int> PathsAndLengths()
    {
        var data = new TheoryData<int, int>();
        int[] lengths = { 0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 16 * 1024, 65537, 256 * 1024, 1024 * 1024 };
        foreach (int lanes in new[] { 16, 8 })
        {
            foreach (int length in lengths)
            {
                data.Add(lanes, length);
            }
        }

        return data;
    }

    [Fact]
    public void The_lane_count_follows_the_hardware()
    {
        bool avx512 = Avx512F.IsSupported && Avx512BW.IsSupported && Vector512.IsHardwareAccelerated;
        bool avx2 = Avx2.IsSupported && Vector256.IsHardwareAccelerated;
        Assert.Equal(avx512 ? 16 : avx2 ? 8 : 0, MultiBufferSha1.LaneCount);
        Assert.Equal(MultiBufferSha1.LaneCount > 0, MultiBufferSha1.IsSupported);
        Assert.Equal(avx512, MultiBufferSha1.IsLaneCountSupported(16));
        Assert.Equal(avx2, MultiBufferSha1.IsLaneCountSupported(8));
        Assert.False(MultiBufferSha1.IsLaneCountSupported(4));
    }

    [Theory]
    [MemberData(nameof(PathsAndLengths))]
    public void Every_message_count_hashes_like_SHA1_HashData(int lanes, int length)
    {
        RequirePath(lanes);

        // One array, each message at an odd offset in it, so no message starts aligned.
        var random = new Random((lanes * 1_000_003) + length);
        byte[] buffer = new byte[(lanes * (length + 3)) + 1];
        random.NextBytes(buffer);
        var messages = new ReadOnlyMemory<byte>[lanes];
        for (int i = 0; i < lanes; i++)
        {
            messages[i] = buffer.AsMemory((i * (length + 3)) + 1, length);
        }

        for (int count = 1; count <= lanes; count++)
        {
            byte[] digests = new byte[count * DigestSize];
            MultiBufferSha1.HashEqualLength(messages.AsSpan(0, count), digests, lanes);
            for (int i = 0; i < count; i++)
            {
                Assert.True(
                    SHA1.HashData(messages[i].Span).AsSpan().SequenceEqual(digests.AsSpan(i * DigestSize, DigestSize)),
                    $"message {i} of {count}, {length} bytes, {lanes} lanes");
            }
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void Messages_in_separate_arrays_with_one_byte_apart_get_their_own_digests(int lanes)
    {
        RequirePath(lanes);
        const int Length = 4096 + 17;
        var random = new Random(lanes);
        byte[] first = new byte[Length];
        random.NextBytes(first);
        var messages = new ReadOnlyMemory<byte>[lanes];
        for (int i = 0; i < lanes; i++)
        {
            // Each lane differs from the first message in one byte at a different place: a lane mix-up shows.
            byte[] copy = (byte[])first.Clone();
            copy[(i * 263) % Length] ^= (byte)(i + 1);
            messages[i] = copy;
        }

        byte[] digests = new byte[lanes * DigestSize];
        MultiBufferSha1.HashEqualLength(messages, digests, lanes);

        for (int i = 0; i < lanes; i++)
        {
            Assert.Equal(SHA1.HashData(messages[i].Span), digests.AsSpan(i * DigestSize, DigestSize).ToArray());
        }

        Assert.Equal(lanes, digests.Chunk(DigestSize).Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void The_default_path_matches_SHA1_HashData_and_writes_only_its_digests()
    {
        Assert.True(MultiBufferSha1.IsSupported, $"this CPU has no multi-buffer SHA-1 path (LaneCount {MultiBufferSha1.LaneCount})");
        int count = MultiBufferSha1.LaneCount - 1;
        var random = new Random(7);
        var messages = new ReadOnlyMemory<byte>[count];
        for (int i = 0; i < count; i++)
        {
            byte[] message = new byte[777];
            random.NextBytes(message);
            messages[i] = message;
        }

        // A longer digest span: the bytes after the last digest stay as they were.
        byte[] digests = Enumerable.Repeat((byte)0xEE, (count + 1) * DigestSize).ToArray();
        MultiBufferSha1.HashEqualLength(messages, digests);

        for (int i = 0; i < count; i++)
        {
            Assert.Equal(SHA1.HashData(messages[i].Span), digests.AsSpan(i * DigestSize, DigestSize).ToArray());
        }

        Assert.All(digests.AsSpan(count * DigestSize).ToArray(), b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void No_messages_write_nothing()
    {
        Assert.True(MultiBufferSha1.IsSupported, $"this CPU has no multi-buffer SHA-1 path (LaneCount {MultiBufferSha1.LaneCount})");
        byte[] digests = { 1, 2, 3 };
        MultiBufferSha1.HashEqualLength(ReadOnlySpan<ReadOnlyMemory<byte>>.Empty, digests);
        Assert.Equal(new byte[] { 1, 2, 3 }, digests);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void Messages_of_different_lengths_are_refused(int lanes)
    {
        RequirePath(lanes);
        var messages = new ReadOnlyMemory<byte>[] { new byte[100], new byte[100], new byte[101] };
        var error = Assert.Throws<ArgumentException>(() => MultiBufferSha1.HashEqualLength(messages, new byte[3 * DigestSize], lanes));
        Assert.Equal("messages", error.ParamName);
        Assert.Contains("message 2 has 101", error.Message);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void More_messages_than_lanes_are_refused(int lanes)
    {
        RequirePath(lanes);
        var messages = Enumerable.Range(0, lanes + 1).Select(_ => new ReadOnlyMemory<byte>(new byte[64])).ToArray();
        var error = Assert.Throws<ArgumentException>(
            () => MultiBufferSha1.HashEqualLength(messages, new byte[(lanes + 1) * DigestSize], lanes));
        Assert.Equal("messages", error.ParamName);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(8)]
    public void A_digest_span_too_short_is_refused(int lanes)
    {
        RequirePath(lanes);
        var messages = new ReadOnlyMemory<byte>[] { new byte[10], new byte[10] };
        byte[] digests = new byte[(2 * DigestSize) - 1];
        var error = Assert.Throws<ArgumentException>(() => MultiBufferSha1.HashEqualLength(messages, digests, lanes));
        Assert.Equal("digests", error.ParamName);
        Assert.All(digests, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_lane_count_without_a_path_is_not_supported()
    {
        var messages = new ReadOnlyMemory<byte>[] { new byte[10] };
        Assert.Throws<PlatformNotSupportedException>(() => MultiBufferSha1.HashEqualLength(messages, new byte[DigestSize], 4));
    }

    /// <summary>A test for a path this CPU lacks fails here and says so, rather than passing without hashing.</summary>
    private static void RequirePath(int lanes) =>
        Assert.True(
            MultiBufferSha1.IsLaneCountSupported(lanes),
            $"this CPU cannot run the {lanes}-lane path (LaneCount {MultiBufferSha1.LaneCount})");
}
