using System;
using System.Globalization;

namespace TorrentPS
{
    /// <summary>
    /// What we tell a tracker in one announce (BEP 3). Immutable; use <c>with</c>-style copies through
    /// <see cref="WithProgress"/> and <see cref="WithEvent"/> for re-announces.
    /// </summary>
    public sealed class AnnounceRequest
    {
        public const int DefaultNumWant = 50;

        private readonly byte[] _peerId;

        /// <param name="infoHash">The torrent.</param>
        /// <param name="peerId">Exactly 20 bytes (see <see cref="PeerIdGenerator"/>).</param>
        /// <param name="port">The port we accept peer connections on (0 to 65535).</param>
        public AnnounceRequest(InfoHash infoHash, ReadOnlySpan<byte> peerId, int port)
        {
            if (peerId.Length != PeerIdGenerator.Length)
            {
                throw new ArgumentException($"A peer id is {PeerIdGenerator.Length} bytes, not {peerId.Length}.", nameof(peerId));
            }

            if (port < 0 || port > 65535)
            {
                throw new ArgumentOutOfRangeException(nameof(port), port, "A port is between 0 and 65535.");
            }

            InfoHash = infoHash;
            _peerId = peerId.ToArray();
            Port = port;
        }

        private AnnounceRequest(AnnounceRequest other)
        {
            InfoHash = other.InfoHash;
            _peerId = other._peerId;
            Port = other.Port;
            Uploaded = other.Uploaded;
            Downloaded = other.Downloaded;
            Left = other.Left;
            Event = other.Event;
            NumWant = other.NumWant;
            Key = other.Key;
            TrackerId = other.TrackerId;
        }

        public InfoHash InfoHash { get; }

        /// <summary>Our 20-byte peer id (a copy is kept, so the caller's buffer may change).</summary>
        public ReadOnlyMemory<byte> PeerId => _peerId;

        public int Port { get; }

        public long Uploaded { get; init; }

        public long Downloaded { get; init; }

        /// <summary>Bytes still missing (from verified pieces). For a magnet link with no metadata yet, a guess.</summary>
        public long Left { get; init; }

        public TrackerEvent Event { get; init; }

        /// <summary>How many peers we want; negative asks for the tracker's default.</summary>
        public int NumWant { get; init; } = DefaultNumWant;

        /// <summary>A random number, stable per session, that lets a tracker recognise us when our address changes.</summary>
        public uint Key { get; init; }

        /// <summary>The "tracker id" a tracker sent before, echoed back; null when it sent none.</summary>
        public string? TrackerId { get; init; }

        public AnnounceRequest WithProgress(long uploaded, long downloaded, long left)
            => new AnnounceRequest(this) { Uploaded = uploaded, Downloaded = downloaded, Left = left };

        public AnnounceRequest WithEvent(TrackerEvent trackerEvent) => new AnnounceRequest(this) { Event = trackerEvent };

        public AnnounceRequest WithTrackerId(string? trackerId) => new AnnounceRequest(this) { TrackerId = trackerId };

        public override string ToString()
            => string.Format(CultureInfo.InvariantCulture, "{0} event={1} port={2} left={3}", InfoHash, Event, Port, Left);
    }
}
