using System.Text;

namespace TorrentPS.Engine.Tests.Tracking;

internal static class TrackingTestData
{
    /// <summary>An info-hash holding every kind of byte an encoder could get wrong: controls, '%', '&', '+', space, high bytes.</summary>
    public static readonly InfoHash AwkwardHash = new(new byte[] { 0x00, 0x01, 0x20, 0x25, 0x26, 0x2B, 0x3D, 0x3F, 0x41, 0x7E, 0x7F, 0x80, 0xC3, 0x28, 0xFF, 0xFE, 0x2D, 0x2E, 0x5F, 0x61 });

    public static readonly InfoHash OtherHash = InfoHash.Parse("0123456789abcdef0123456789abcdef01234567");

    public static readonly byte[] PeerId = Encoding.ASCII.GetBytes("-TP0100-abcdefghijkl");

    public static AnnounceRequest Request(InfoHash? hash = null, TrackerEvent trackerEvent = TrackerEvent.Started, int port = 6881)
        => new AnnounceRequest(hash ?? AwkwardHash, PeerId, port) { Event = trackerEvent, Left = 1000, Key = 0xDEADBEEF };

    /// <summary>Bytes from a string whose chars are all below 256 (so binary can be written inline).</summary>
    public static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static TrackerSettings FastSettings => new()
    {
        HttpTimeout = TimeSpan.FromSeconds(5),
        UdpBaseTimeout = TimeSpan.FromMilliseconds(200),
        UdpMaxRetransmissions = 2,
    };
}
