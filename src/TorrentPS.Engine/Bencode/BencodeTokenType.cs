namespace TorrentPS.Bencode
{
    /// <summary>The kind of value that starts at the reader's position.</summary>
    public enum BencodeTokenType
    {
        None,
        Integer,
        String,
        ListStart,
        DictionaryStart,
        End,
    }
}
