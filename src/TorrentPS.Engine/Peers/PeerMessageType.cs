namespace TorrentPS.Peers
{
    /// <summary>
    /// Peer wire messages. Values are the wire ids (BEP 3, BEP 6 Fast extension, BEP 10 extended); the two
    /// that have no id, keep-alive and any id we do not know, sit outside the byte range.
    /// </summary>
    public enum PeerMessageType
    {
        KeepAlive = -1,
        Choke = 0,
        Unchoke = 1,
        Interested = 2,
        NotInterested = 3,
        Have = 4,
        Bitfield = 5,
        Request = 6,
        Piece = 7,
        Cancel = 8,
        Port = 9,
        Suggest = 0x0D,
        HaveAll = 0x0E,
        HaveNone = 0x0F,
        Reject = 0x10,
        AllowedFast = 0x11,
        Extended = 20,
        Unknown = 256,
    }
}
